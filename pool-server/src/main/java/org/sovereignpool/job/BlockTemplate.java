package org.sovereignpool.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/**
 * The fields of a {@code getblocktemplate} result (BIP 22/23) that the pool uses, validated when parsed.
 *
 * @param version the block version
 * @param previousBlockHash the parent
 * @param transactions the transactions to include, in template order
 * @param coinbaseValue subsidy plus fees, satoshis
 * @param longPollId the BIP 22 long-poll id, empty when the node gave none
 * @param minTime the earliest header time allowed
 * @param curTime the node's current time
 * @param bits the compact target
 * @param height the height of the block being built
 * @param defaultWitnessCommitment the witness commitment output script, when the block must commit to witnesses
 */
public record BlockTemplate(
        int version,
        Hash256 previousBlockHash,
        List<Transaction> transactions,
        long coinbaseValue,
        String longPollId,
        long minTime,
        long curTime,
        CompactBits bits,
        int height,
        Optional<byte[]> defaultWitnessCommitment) {

    public BlockTemplate {
        Objects.requireNonNull(previousBlockHash, "previousBlockHash");
        transactions = List.copyOf(transactions);
        Objects.requireNonNull(longPollId, "longPollId");
        Objects.requireNonNull(bits, "bits");
        Objects.requireNonNull(defaultWitnessCommitment, "defaultWitnessCommitment");
        defaultWitnessCommitment = defaultWitnessCommitment.map(byte[]::clone);
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1, got " + height);
        }
        if (coinbaseValue < 0) {
            throw new IllegalArgumentException("coinbasevalue must be >= 0, got " + coinbaseValue);
        }
        if (minTime < 0 || minTime > 0xffffffffL || curTime < 0 || curTime > 0xffffffffL) {
            throw new IllegalArgumentException("mintime and curtime must be uint32");
        }
    }

    /**
     * One template transaction.
     *
     * @param data the raw transaction (witness serialization when it has witnesses)
     * @param txid the txid (merkle tree leaf)
     * @param wtxid the witness txid ("hash")
     * @param fee satoshis
     * @param depends 1-based indices of the template transactions this one spends from
     */
    public record Transaction(byte[] data, Hash256 txid, Hash256 wtxid, long fee, List<Integer> depends) {
        public Transaction {
            data = data.clone();
            Objects.requireNonNull(txid, "txid");
            Objects.requireNonNull(wtxid, "wtxid");
            depends = List.copyOf(depends);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Parses a {@code getblocktemplate} result object; IllegalArgumentException names the bad field. */
    public static BlockTemplate parse(JsonNode result) {
        if (result == null || !result.isObject()) {
            throw new IllegalArgumentException("a block template must be a JSON object");
        }
        List<Transaction> txs = new ArrayList<>();
        JsonNode list = field(result, "transactions");
        if (!list.isArray()) {
            throw new IllegalArgumentException("transactions must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode tx = list.get(i);
            String where = "transactions[" + i + "].";
            try {
                List<Integer> depends = new ArrayList<>();
                JsonNode d = tx.get("depends");
                if (d != null) {
                    for (JsonNode n : d) {
                        depends.add(n.asInt());
                    }
                }
                txs.add(new Transaction(
                        Hex.decode(text(tx, "data")),
                        Hash256.fromDisplayHex(text(tx, "txid")),
                        Hash256.fromDisplayHex(text(tx, "hash")),
                        tx.path("fee").asLong(0),
                        depends));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        JsonNode commitment = result.get("default_witness_commitment");
        try {
            return new BlockTemplate(
                    integer(result, "version"),
                    Hash256.fromDisplayHex(text(result, "previousblockhash")),
                    txs,
                    longValue(result, "coinbasevalue"),
                    result.path("longpollid").asText(""),
                    longValue(result, "mintime"),
                    longValue(result, "curtime"),
                    CompactBits.fromHex(text(result, "bits")),
                    integer(result, "height"),
                    commitment == null || commitment.isNull()
                            ? Optional.empty()
                            : Optional.of(Hex.decode(commitment.asText())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("block template: " + e.getMessage(), e);
        }
    }

    public List<Hash256> txids() {
        return transactions.stream().map(Transaction::txid).toList();
    }

    public List<byte[]> transactionData() {
        return transactions.stream().map(Transaction::data).toList();
    }

    /** The witness commitment script, or null: the form CoinbaseBuilder takes. */
    public byte[] witnessCommitmentOrNull() {
        return defaultWitnessCommitment.map(byte[]::clone).orElse(null);
    }

    private static JsonNode field(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return v;
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return v.asText();
    }

    private static long longValue(JsonNode o, String name) {
        JsonNode v = field(o, name);
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return v.asLong();
    }

    private static int integer(JsonNode o, String name) {
        long v = longValue(o, name);
        if (v < Integer.MIN_VALUE || v > 0xffffffffL) {
            throw new IllegalArgumentException(name + " is out of range: " + v);
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return "BlockTemplate[height=" + height + " prev=" + previousBlockHash + " txs=" + transactions.size()
                + " value=" + coinbaseValue + "]";
    }
}
