package org.sovereignpool.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/** The bitcoind calls the pool makes, typed, over one {@link RpcClient}. Thread-safe. */
public final class BitcoindNode {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bitcoin Core's RPC_INVALID_ADDRESS_OR_KEY: "Block not found". */
    public static final int RPC_INVALID_ADDRESS_OR_KEY = -5;

    private final RpcClient rpc;

    public BitcoindNode(RpcClient rpc) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
    }

    public String name() {
        return rpc.name();
    }

    public RpcClient rpc() {
        return rpc;
    }

    /** {@code getblocktemplate {"rules": rules}}, the result object. */
    public JsonNode blockTemplate(List<String> rules) throws NodeException {
        return rpc.call("getblocktemplate", templateRequest(rules, null));
    }

    /**
     * BIP 22 long poll: returns when the node has a new template for a different tip (or its mempool changed enough),
     * or throws {@link NodeException.Kind#TIMEOUT} after {@code wait}.
     */
    public JsonNode blockTemplateLongPoll(List<String> rules, String longPollId, Duration wait) throws NodeException {
        return rpc.call("getblocktemplate", wait, templateRequest(rules, longPollId));
    }

    private static ObjectNode templateRequest(List<String> rules, String longPollId) {
        ObjectNode request = JSON.createObjectNode();
        rules.forEach(request.putArray("rules")::add);
        if (longPollId != null) {
            request.put("longpollid", longPollId);
        }
        return request;
    }

    /** {@code submitblock}: null (accepted), a reject reason, or an RPC error, as a result; never throws. */
    public SubmitResult submitBlock(byte[] block) {
        try {
            JsonNode result = rpc.call("submitblock", Hex.encode(block));
            return SubmitResult.fromReply(name(), result == null || result.isNull() ? null : result.asText());
        } catch (NodeException e) {
            if (e.kind() == NodeException.Kind.RPC_ERROR) {
                return SubmitResult.rpcError(name(), e.rpcCode(), RpcClient.rpcMessage(e));
            }
            return SubmitResult.unreachable(name(), e.kind().tag() + ": " + e.getMessage());
        }
    }

    public ChainInfo blockchainInfo() throws NodeException {
        JsonNode r = rpc.call("getblockchaininfo");
        try {
            return new ChainInfo(
                    r.get("chain").asText(),
                    r.get("blocks").asLong(),
                    r.path("headers").asLong(),
                    Hash256.fromDisplayHex(r.get("bestblockhash").asText()),
                    r.path("initialblockdownload").asBoolean(false));
        } catch (RuntimeException e) {
            throw new NodeException(
                    NodeException.Kind.BAD_REPLY, 0, name() + ": getblockchaininfo: unexpected reply " + r, e);
        }
    }

    public Hash256 bestBlockHash() throws NodeException {
        return hash("getbestblockhash", rpc.call("getbestblockhash"));
    }

    public Hash256 blockHash(long height) throws NodeException {
        return hash("getblockhash", rpc.call("getblockhash", height));
    }

    /** {@code getblockheader hash true}; empty when the node does not know the block. */
    public Optional<HeaderInfo> blockHeader(Hash256 hash) throws NodeException {
        JsonNode r;
        try {
            r = rpc.call("getblockheader", hash.toDisplayHex(), true);
        } catch (NodeException e) {
            if (e.kind() == NodeException.Kind.RPC_ERROR && e.rpcCode() == RPC_INVALID_ADDRESS_OR_KEY) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            JsonNode prev = r.get("previousblockhash");
            return Optional.of(new HeaderInfo(
                    Hash256.fromDisplayHex(r.get("hash").asText()),
                    r.get("height").asLong(),
                    r.get("confirmations").asLong(),
                    prev == null ? null : Hash256.fromDisplayHex(prev.asText()),
                    r.path("time").asLong(-1),
                    r.path("mediantime").asLong(-1),
                    r.hasNonNull("bits") ? CompactBits.fromHex(r.get("bits").asText()) : null));
        } catch (RuntimeException e) {
            throw new NodeException(NodeException.Kind.BAD_REPLY, 0, name() + ": getblockheader: unexpected reply", e);
        }
    }

    public void preciousBlock(Hash256 hash) throws NodeException {
        rpc.call("preciousblock", hash.toDisplayHex());
    }

    private Hash256 hash(String method, JsonNode r) throws NodeException {
        try {
            return Hash256.fromDisplayHex(r.asText());
        } catch (RuntimeException e) {
            throw new NodeException(NodeException.Kind.BAD_REPLY, 0, name() + ": " + method + ": not a hash: " + r, e);
        }
    }

    @Override
    public String toString() {
        return rpc.toString();
    }
}
