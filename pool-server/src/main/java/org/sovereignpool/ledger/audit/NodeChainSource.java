package org.sovereignpool.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.node.BitcoindNode;
import org.sovereignpool.node.HeaderInfo;
import org.sovereignpool.node.NodeException;
import org.sovereignpool.node.RpcClient;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/**
 * Asks Bitcoin Core: {@code getblockheader <hash> true} (height, confirmations; error -5 when unknown), then {@code
 * getblock <hash> 2} for the coinbase, read from {@code tx[0].hex} (exact bytes; Core answers -1 "Block not
 * available" for a block whose data it pruned or never had, and then only the header is checked).
 */
public final class NodeChainSource implements ChainSource {
    /** Core's RPC_MISC_ERROR: getblock on a block whose data is not on disk. */
    static final int RPC_MISC_ERROR = -1;

    private final RpcClient rpc;
    private final BitcoindNode node;

    public NodeChainSource(RpcClient rpc) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.node = new BitcoindNode(rpc);
    }

    @Override
    public Optional<ChainBlock> block(String hash) throws ChainUnavailableException {
        Hash256 h = Hash256.fromDisplayHex(hash);
        Optional<HeaderInfo> header;
        try {
            header = node.blockHeader(h);
        } catch (NodeException e) {
            throw new ChainUnavailableException("getblockheader " + hash + ": " + e.getMessage(), e);
        }
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<TransactionOutputs.Output>> coinbase;
        try {
            coinbase = Optional.of(coinbaseOutputs(rpc.call("getblock", hash, 2), hash));
        } catch (NodeException e) {
            if (e.kind() == NodeException.Kind.RPC_ERROR && e.rpcCode() == RPC_MISC_ERROR) {
                coinbase = Optional.empty();
            } else {
                throw new ChainUnavailableException("getblock " + hash + " 2: " + e.getMessage(), e);
            }
        }
        HeaderInfo hi = header.get();
        return Optional.of(new ChainBlock(hi.hash().toDisplayHex(), hi.height(), hi.confirmations(), coinbase));
    }

    private static List<TransactionOutputs.Output> coinbaseOutputs(JsonNode block, String hash)
            throws ChainUnavailableException {
        JsonNode hex = block == null ? null : block.path("tx").path(0).get("hex");
        if (hex == null || !hex.isTextual()) {
            throw new ChainUnavailableException(
                    "getblock " + hash + " 2: no tx[0].hex in the reply (is it Bitcoin Core?)", null);
        }
        try {
            return TransactionOutputs.of(Hex.decode(hex.asText()));
        } catch (IllegalArgumentException e) {
            throw new ChainUnavailableException(
                    "getblock " + hash + " 2: tx[0].hex is not a transaction: " + e.getMessage(), e);
        }
    }
}
