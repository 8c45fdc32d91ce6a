package org.sovereignpool.sim.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.ParsedBlock;
import org.sovereignpool.sim.chain.RawTransaction;
import org.sovereignpool.sim.chain.SimulatedChain;

/**
 * The RPC methods of the regtest stand-in, with Bitcoin Core v29.99's argument checks, error codes and messages and
 * reply shapes (field names, order and JSON types), as recorded in {@code shared/fixtures/bitcoin-core/
 * recorded-2026-11-29}: what the pool calls (getblocktemplate with long poll and proposals, submitblock,
 * getblockheader, getblock 0/1/2, getbestblockhash, getblockchaininfo, getblockhash, getchaintips, preciousblock),
 * what ckpool calls (getblockcount, validateaddress, getrawtransaction, sendrawtransaction, decoderawtransaction),
 * and the test controls (generatetoaddress, generateblock, invalidateblock, reconsiderblock, stop).
 *
 * <p>The help texts Core answers for a wrong number of arguments to getblocktemplate and submitblock are the
 * recorded ones (rpc-err-09-gbt-no-params.json, rpc-err-23-submitblock-no-params.json), kept as resources.
 *
 * <p>Thread-safe: the chain serializes what it does; methods may run on many threads at once (long polls wait).
 */
final class CoreRpc {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String WARNING = "This is Sovereign Pool's regtest stand-in for Bitcoin Core, not Bitcoin Core";

    /** What the RPC methods need of the node around them. */
    interface Node {
        SimulatedChain chain();

        /** False once the node is stopping: long polls return. */
        boolean running();

        Duration longPollFirstCheck();

        Duration longPollInterval();

        long uptimeSeconds();

        int connections();

        /** Begins shutting down after the reply to {@code stop} is sent. */
        void stopRequested();

        /** How long to hold back the reply to a submitblock just processed (a fault tests inject), usually zero. */
        Duration takeSubmitReplyHold();
    }

    @FunctionalInterface
    private interface Impl {
        JsonNode call(List<JsonNode> params) throws RpcException, InterruptedException;
    }

    /** One positional argument: its names (Core's "a|b" aliases) and JSON type, null when Core skips the check. */
    private record Arg(String names, JsonNodeType type, boolean required) {
        String name() {
            int bar = names.indexOf('|');
            return bar < 0 ? names : names.substring(0, bar);
        }
    }

    private record Method(List<Arg> args, Impl impl) {}

    private final Node node;
    private final Map<String, Method> methods = new LinkedHashMap<>();

    CoreRpc(Node node) {
        this.node = node;
        register("getblocktemplate", this::getBlockTemplate, req("template_request", JsonNodeType.OBJECT));
        register("submitblock", this::submitBlock, req("hexdata", JsonNodeType.STRING), opt("dummy", null));
        register(
                "getblockheader",
                this::getBlockHeader,
                req("blockhash", JsonNodeType.STRING),
                opt("verbose", JsonNodeType.BOOLEAN));
        register("getblock", this::getBlock, req("blockhash", JsonNodeType.STRING), opt("verbosity|verbose", null));
        register("getbestblockhash", p -> F.textNode(chain().bestBlockHash().toDisplayHex()));
        register("getblockcount", p -> F.numberNode(chain().height()));
        register("getblockhash", this::getBlockHash, req("height", JsonNodeType.NUMBER));
        register("getblockchaininfo", p -> blockchainInfo());
        register("getchaintips", p -> chainTips());
        register(
                "getdifficulty",
                p -> F.rawValueNode(
                        CoreFormat.number(chain().settings().bits().difficulty().value())));
        register("getmininginfo", p -> miningInfo());
        register("getnetworkinfo", p -> networkInfo());
        register("getconnectioncount", p -> F.numberNode(node.connections()));
        register("ping", p -> NullNode.getInstance());
        register("uptime", p -> F.numberNode(node.uptimeSeconds()));
        register("validateaddress", this::validateAddress, req("address", JsonNodeType.STRING));
        register("preciousblock", p -> blockControl(p, chain()::preciousBlock), req("blockhash", JsonNodeType.STRING));
        register(
                "invalidateblock",
                p -> blockControl(p, chain()::invalidateBlock),
                req("blockhash", JsonNodeType.STRING));
        register(
                "reconsiderblock",
                p -> blockControl(p, chain()::reconsiderBlock),
                req("blockhash", JsonNodeType.STRING));
        register(
                "generatetoaddress",
                this::generateToAddress,
                req("nblocks", JsonNodeType.NUMBER),
                req("address", JsonNodeType.STRING),
                opt("maxtries", JsonNodeType.NUMBER));
        register(
                "generateblock",
                this::generateBlock,
                req("output", JsonNodeType.STRING),
                req("transactions", JsonNodeType.ARRAY),
                opt("submit", JsonNodeType.BOOLEAN));
        register(
                "getrawtransaction",
                this::getRawTransaction,
                req("txid", JsonNodeType.STRING),
                opt("verbosity|verbose", null),
                opt("blockhash", JsonNodeType.STRING));
        register(
                "sendrawtransaction",
                this::sendRawTransaction,
                req("hexstring", JsonNodeType.STRING),
                opt("maxfeerate", null),
                opt("maxburnamount", null));
        register(
                "decoderawtransaction",
                this::decodeRawTransaction,
                req("hexstring", JsonNodeType.STRING),
                opt("iswitness", JsonNodeType.BOOLEAN));
        register(
                "getrawmempool", this::rawMempool, opt("verbose", JsonNodeType.BOOLEAN), opt("mempool_sequence", null));
        register("getmempoolinfo", p -> mempoolInfo());
        register("stop", this::stop, opt("wait", JsonNodeType.NUMBER));
        register("help", p -> F.textNode("Sovereign Pool's regtest stand-in answers: " + methods.keySet()));
    }

    private static Arg req(String names, JsonNodeType type) {
        return new Arg(names, type, true);
    }

    private static Arg opt(String names, JsonNodeType type) {
        return new Arg(names, type, false);
    }

    private void register(String name, Impl impl, Arg... args) {
        methods.put(name, new Method(List.of(args), impl));
    }

    private SimulatedChain chain() {
        return node.chain();
    }

    /** Whether {@code method} exists (else Core's -32601 "Method not found"). */
    boolean has(String method) {
        return methods.containsKey(method);
    }

    /** Runs one method with positional (array) or named (object) parameters, checked as Core's RPCHelpMan does. */
    JsonNode execute(String name, JsonNode params) throws RpcException, InterruptedException {
        Method m = methods.get(name);
        if (m == null) {
            throw new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found");
        }
        List<JsonNode> positional = positional(m, params);
        int required = (int) m.args().stream().filter(Arg::required).count();
        if (positional.size() < required || positional.size() > m.args().size()) {
            throw new RpcException(RpcException.MISC_ERROR, help(name, m));
        }
        ObjectNode mismatches = F.objectNode();
        for (int i = 0; i < positional.size(); i++) {
            Arg a = m.args().get(i);
            JsonNode v = positional.get(i);
            if (a.type() != null && !(v.isNull() && !a.required()) && v.getNodeType() != a.type()) {
                mismatches.put(
                        "Position " + (i + 1) + " (" + a.names() + ")",
                        "JSON value of type " + typeName(v.getNodeType()) + " is not of expected type "
                                + typeName(a.type()));
            }
        }
        if (!mismatches.isEmpty()) {
            throw new RpcException(RpcException.TYPE_ERROR, "Wrong type passed:\n" + prettyPrint(mismatches));
        }
        return m.impl().call(positional);
    }

    private static List<JsonNode> positional(Method m, JsonNode params) throws RpcException {
        List<JsonNode> out = new ArrayList<>();
        if (params == null || params.isNull()) {
            return out;
        }
        if (params.isArray()) {
            params.forEach(out::add);
            return out;
        }
        // named parameters: placed by name, holes filled with null, trailing nulls dropped (Core's
        // transformNamedArguments)
        Set<String> used = new HashSet<>();
        for (Arg a : m.args()) {
            JsonNode v = null;
            for (String n : a.names().split("\\|")) {
                if (params.has(n)) {
                    v = params.get(n);
                    used.add(n);
                }
            }
            out.add(v == null ? NullNode.getInstance() : v);
        }
        for (var it = params.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!used.contains(n)) {
                throw new RpcException(RpcException.INVALID_PARAMETER, "Unknown named parameter " + n);
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isNull()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static String typeName(JsonNodeType t) {
        return switch (t) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "null";
        };
    }

    /** UniValue's write(4): four-space indentation, one key per line. */
    private static String prettyPrint(ObjectNode o) {
        StringBuilder out = new StringBuilder("{\n");
        var it = o.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            out.append("    ")
                    .append(F.textNode(e.getKey()))
                    .append(": ")
                    .append(e.getValue())
                    .append(it.hasNext() ? ",\n" : "\n");
        }
        return out.append('}').toString();
    }

    private static String help(String name, Method m) {
        try (InputStream in = CoreRpc.class.getResourceAsStream("help-" + name + ".txt")) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder s = new StringBuilder(name);
        for (Arg a : m.args()) {
            s.append(a.required() ? " \"" + a.name() + "\"" : " ( \"" + a.name() + "\" )");
        }
        return s.append("\n\n(Sovereign Pool's regtest stand-in keeps Bitcoin Core's full help text only for")
                .append(" getblocktemplate and submitblock.)\n")
                .toString();
    }

    // ---------------------------------------------------------------- getblocktemplate

    private JsonNode getBlockTemplate(List<JsonNode> p) throws RpcException, InterruptedException {
        JsonNode request = p.isEmpty() ? NullNode.getInstance() : p.get(0);
        String mode = "template";
        JsonNode longPoll = NullNode.getInstance();
        Set<String> rules = new HashSet<>();
        if (!request.isNull()) {
            JsonNode modeValue = request.path("mode");
            if (modeValue.isTextual()) {
                mode = modeValue.asText();
            } else if (!modeValue.isMissingNode() && !modeValue.isNull()) {
                throw new RpcException(RpcException.INVALID_PARAMETER, "Invalid mode");
            }
            longPoll = request.path("longpollid");
            if (mode.equals("proposal")) {
                JsonNode data = request.path("data");
                if (!data.isTextual()) {
                    throw new RpcException(RpcException.TYPE_ERROR, "Missing data String key for proposal");
                }
                byte[] bytes = hexOrNull(data.asText());
                SimulatedChain.Verdict v = bytes == null ? null : chain().propose(bytes);
                if (v == null || v.decodeFailed()) {
                    throw new RpcException(RpcException.DESERIALIZATION_ERROR, "Block decode failed");
                }
                return v.reply() == null ? NullNode.getInstance() : F.textNode(v.reply());
            }
            JsonNode clientRules = request.path("rules");
            if (clientRules.isArray()) {
                for (JsonNode r : clientRules) {
                    if (!r.isTextual()) {
                        throw new RpcException(RpcException.TYPE_ERROR, "JSON value is not a string as expected");
                    }
                    rules.add(r.asText());
                }
            }
        }
        if (!mode.equals("template")) {
            throw new RpcException(RpcException.INVALID_PARAMETER, "Invalid mode");
        }
        if (!longPoll.isMissingNode() && !longPoll.isNull()) {
            longPoll(longPoll);
        }
        if (!rules.contains("segwit")) {
            throw new RpcException(
                    RpcException.INVALID_PARAMETER,
                    "getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})");
        }
        return chain().templateJson();
    }

    /**
     * BIP 22 long poll as Core does it: returns when the tip is not the one in the longpollid, or at a mempool check
     * (first after {@link Node#longPollFirstCheck}, then every {@link Node#longPollInterval}) that finds the mempool
     * changed, or when the node stops (then an ordinary template for the same tip follows).
     */
    private void longPoll(JsonNode id) throws RpcException, InterruptedException {
        Hash256 watched;
        long updates;
        if (id.isTextual()) {
            String s = id.asText();
            watched = parseHash(s.length() > 64 ? s.substring(0, 64) : s, "longpollid");
            updates = atoi(s.length() > 64 ? s.substring(64) : "");
        } else {
            watched = chain().bestBlockHash();
            updates = chain().mempoolUpdates();
        }
        long nextCheck = System.nanoTime() + node.longPollFirstCheck().toNanos();
        while (node.running()) {
            long waitMillis = Math.min(100, Math.max(1, (nextCheck - System.nanoTime()) / 1_000_000));
            if (chain().awaitTipOtherThan(watched, waitMillis)) {
                return;
            }
            if (System.nanoTime() >= nextCheck) {
                if (chain().mempoolUpdates() != updates) {
                    return;
                }
                nextCheck += node.longPollInterval().toNanos();
            }
        }
    }

    /** C's atoi as Core's LocaleIndependentAtoi: leading digits, 0 when there are none. */
    private static long atoi(String s) {
        int end = 0;
        while (end < s.length() && end < 18 && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(s.substring(0, end));
    }

    // ---------------------------------------------------------------- blocks

    private JsonNode submitBlock(List<JsonNode> p) throws RpcException, InterruptedException {
        byte[] bytes = hexOrNull(p.get(0).asText());
        if (bytes == null) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, "Block decode failed");
        }
        SimulatedChain.Verdict v = chain().submitBlockVerdict(bytes);
        Duration hold = node.takeSubmitReplyHold();
        if (!hold.isZero()) {
            Thread.sleep(hold); // the block is processed; only its reply is late (a slow or congested node)
        }
        if (v.decodeFailed()) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, "Block decode failed");
        }
        return v.reply() == null ? NullNode.getInstance() : F.textNode(v.reply());
    }

    private JsonNode getBlockHeader(List<JsonNode> p) throws RpcException {
        Hash256 hash = parseHash(p.get(0).asText(), "hash");
        boolean verbose = p.size() < 2 || p.get(1).isNull() || p.get(1).asBoolean();
        SimulatedChain.BlockInfo b = chain().blockInfo(hash)
                .orElseThrow(() -> new RpcException(RpcException.INVALID_ADDRESS_OR_KEY, "Block not found"));
        return verbose ? headerJson(b) : F.textNode(Hex.encode(b.header()));
    }

    private JsonNode getBlock(List<JsonNode> p) throws RpcException {
        Hash256 hash = parseHash(p.get(0).asText(), "blockhash");
        int verbosity = 1;
        if (p.size() > 1 && !p.get(1).isNull()) {
            JsonNode v = p.get(1);
            if (v.isBoolean()) {
                verbosity = v.asBoolean() ? 1 : 0;
            } else if (v.isIntegralNumber()) {
                verbosity = v.asInt();
            } else {
                throw new RpcException(
                        RpcException.TYPE_ERROR, "Verbosity was " + typeName(v.getNodeType()) + ", expected number");
            }
        }
        SimulatedChain.BlockInfo b = chain().blockInfo(hash)
                .orElseThrow(() -> new RpcException(RpcException.INVALID_ADDRESS_OR_KEY, "Block not found"));
        ParsedBlock block = b.data()
                .filter(d -> !d.transactions().isEmpty())
                .orElseThrow(
                        () -> new RpcException(RpcException.MISC_ERROR, "Block not available (not fully downloaded)"));
        if (verbosity <= 0) {
            return F.textNode(Hex.encode(block.serialize()));
        }
        ObjectNode o = headerJson(b);
        o.put("strippedsize", block.strippedSize());
        o.put("size", block.size());
        o.put("weight", block.weight());
        ArrayNode txs = o.putArray("tx");
        for (RawTransaction tx : block.transactions()) {
            if (verbosity == 1) {
                txs.add(tx.txid().toDisplayHex());
            } else {
                Long fee = tx.isCoinbase()
                        ? null
                        : chain().knownTransaction(tx.txid())
                                .map(SimulatedChain.MempoolTx::fee)
                                .orElse(null);
                txs.add(transactionJson(tx, fee, true));
            }
        }
        return o;
    }

    /** getblockheader's object (getblock's starts the same way). */
    private static ObjectNode headerJson(SimulatedChain.BlockInfo b) {
        ObjectNode o = F.objectNode();
        o.put("hash", b.hash().toDisplayHex());
        o.put("confirmations", b.confirmations());
        o.put("height", b.height());
        o.put("version", b.version());
        o.put("versionHex", String.format("%08x", b.version()));
        o.put("merkleroot", b.merkleRoot().toDisplayHex());
        o.put("time", b.time());
        o.put("mediantime", b.medianTime());
        o.put("nonce", b.nonce());
        o.put("bits", b.bits().toHex());
        o.put("target", CoreFormat.uint256(b.bits().toTarget().toBigInteger()));
        o.putRawValue(
                "difficulty",
                CoreFormat.number(Difficulty.ofCompactBits(b.bits()).value()));
        o.put("chainwork", CoreFormat.uint256(b.chainWork()));
        o.put("nTx", b.transactions());
        if (b.previous() != null) {
            o.put("previousblockhash", b.previous().toDisplayHex());
        }
        if (b.next() != null) {
            o.put("nextblockhash", b.next().toDisplayHex());
        }
        return o;
    }

    /** Core's TxToUniv: txid, hash, version, size, vsize, weight, locktime, vin, vout, fee (if known), hex. */
    static ObjectNode transactionJson(RawTransaction tx, Long fee, boolean withHex) {
        ObjectNode o = F.objectNode();
        o.put("txid", tx.txid().toDisplayHex());
        o.put("hash", tx.wtxid().toDisplayHex());
        o.put("version", tx.version());
        o.put("size", tx.raw().length);
        o.put("vsize", tx.vsize());
        o.put("weight", tx.weight());
        o.put("locktime", tx.lockTime());
        ArrayNode vin = o.putArray("vin");
        for (RawTransaction.Input in : tx.inputs()) {
            ObjectNode i = vin.addObject();
            if (tx.isCoinbase()) {
                i.put("coinbase", Hex.encode(in.scriptSig()));
            } else {
                i.put("txid", in.prevTxid().toDisplayHex());
                i.put("vout", in.prevIndex());
                ObjectNode sig = i.putObject("scriptSig");
                sig.put("asm", Scripts.asm(in.scriptSig(), true));
                sig.put("hex", Hex.encode(in.scriptSig()));
            }
            if (!in.witness().isEmpty()) {
                ArrayNode w = i.putArray("txinwitness");
                in.witness().forEach(item -> w.add(Hex.encode(item)));
            }
            i.put("sequence", in.sequence());
        }
        ArrayNode vout = o.putArray("vout");
        for (int n = 0; n < tx.outputs().size(); n++) {
            RawTransaction.Output out = tx.outputs().get(n);
            ObjectNode v = vout.addObject();
            v.putRawValue("value", CoreFormat.amount(out.value()));
            v.put("n", n);
            v.set("scriptPubKey", Scripts.scriptPubKey(out.script()));
        }
        if (fee != null) {
            o.putRawValue("fee", CoreFormat.amount(fee));
        }
        if (withHex) {
            o.put("hex", Hex.encode(tx.raw()));
        }
        return o;
    }

    private JsonNode getBlockHash(List<JsonNode> p) throws RpcException {
        JsonNode h = p.get(0);
        Optional<Hash256> hash = h.canConvertToInt() ? chain().blockHash(h.asInt()) : Optional.empty();
        return F.textNode(
                hash.orElseThrow(() -> new RpcException(RpcException.INVALID_PARAMETER, "Block height out of range"))
                        .toDisplayHex());
    }

    private JsonNode blockchainInfo() {
        SimulatedChain.ChainState s = chain().chainState();
        SimulatedChain.BlockInfo tip = s.tip();
        ObjectNode o = F.objectNode();
        o.put("chain", "regtest");
        o.put("blocks", s.blocks());
        o.put("headers", s.headers());
        o.put("bestblockhash", tip.hash().toDisplayHex());
        o.put("bits", tip.bits().toHex());
        o.put("target", CoreFormat.uint256(tip.bits().toTarget().toBigInteger()));
        o.putRawValue(
                "difficulty",
                CoreFormat.number(Difficulty.ofCompactBits(tip.bits()).value()));
        o.put("time", tip.time());
        o.put("mediantime", tip.medianTime());
        long behind = Math.max(0, chain().clock().instant().getEpochSecond() - tip.time());
        o.putRawValue(
                "verificationprogress",
                CoreFormat.number(s.initialBlockDownload() ? (tip.height() + 1.0) / (tip.height() + 1.0 + behind) : 1));
        o.put("initialblockdownload", s.initialBlockDownload());
        o.put("chainwork", CoreFormat.uint256(tip.chainWork()));
        o.put("size_on_disk", s.sizeOnDisk());
        o.put("pruned", false);
        o.putArray("warnings").add(WARNING);
        return o;
    }

    private JsonNode chainTips() {
        ArrayNode a = F.arrayNode();
        for (SimulatedChain.ChainTip t : chain().chainTips()) {
            ObjectNode o = a.addObject();
            o.put("height", t.height());
            o.put("hash", t.hash().toDisplayHex());
            o.put("branchlen", t.branchLength());
            o.put("status", t.status());
        }
        return a;
    }

    private JsonNode miningInfo() {
        SimulatedChain.ChainState s = chain().chainState();
        CompactBits bits = chain().settings().bits();
        ObjectNode o = F.objectNode();
        o.put("blocks", s.blocks());
        o.put("bits", bits.toHex());
        o.putRawValue("difficulty", CoreFormat.number(bits.difficulty().value()));
        o.put("target", CoreFormat.uint256(bits.toTarget().toBigInteger()));
        o.putRawValue("networkhashps", CoreFormat.number(0));
        o.put("pooledtx", chain().mempoolSize());
        o.put("chain", "regtest");
        o.putArray("warnings").add(WARNING);
        return o;
    }

    private JsonNode networkInfo() {
        ObjectNode o = F.objectNode();
        o.put("version", 299900);
        o.put("subversion", "/SovereignPoolRegtestStandIn:0.1.0/");
        o.put("protocolversion", 70016);
        o.put("localservices", "0000000000000c09");
        o.putArray("localservicesnames")
                .add("NETWORK")
                .add("WITNESS")
                .add("NETWORK_LIMITED")
                .add("P2P_V2");
        o.put("localrelay", true);
        o.put("timeoffset", 0);
        o.put("networkactive", true);
        o.put("connections", node.connections());
        o.put("connections_in", 0);
        o.put("connections_out", node.connections());
        o.putArray("networks");
        o.putRawValue("relayfee", CoreFormat.amount(1000));
        o.putRawValue("incrementalfee", CoreFormat.amount(1000));
        o.putArray("localaddresses");
        o.putArray("warnings").add(WARNING);
        return o;
    }

    private JsonNode validateAddress(List<JsonNode> p) {
        String address = p.get(0).asText();
        ObjectNode o = F.objectNode();
        Optional<byte[]> script = Scripts.scriptFor(address);
        if (script.isEmpty()) {
            o.put("isvalid", false);
            o.putArray("error_locations");
            o.put("error", "Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
            return o;
        }
        byte[] s = script.get();
        String type = Scripts.type(s);
        o.put("isvalid", true);
        o.put("address", address);
        o.put("scriptPubKey", Hex.encode(s));
        o.put("isscript", type.equals("scripthash") || type.equals("witness_v0_scripthash"));
        boolean witness = type.startsWith("witness") || type.equals("anchor");
        o.put("iswitness", witness);
        if (witness) {
            o.put("witness_version", s[0] == 0 ? 0 : (s[0] & 0xff) - 0x50);
            o.put("witness_program", Hex.encode(Arrays.copyOfRange(s, 2, s.length)));
        }
        return o;
    }

    @FunctionalInterface
    private interface BlockAction {
        boolean apply(Hash256 hash);
    }

    private static JsonNode blockControl(List<JsonNode> p, BlockAction action) throws RpcException {
        Hash256 hash = parseHash(p.get(0).asText(), "blockhash");
        boolean known;
        try {
            known = action.apply(hash);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.MISC_ERROR, e.getMessage());
        }
        if (!known) {
            throw new RpcException(RpcException.INVALID_ADDRESS_OR_KEY, "Block not found");
        }
        return NullNode.getInstance();
    }

    private JsonNode generateToAddress(List<JsonNode> p) throws RpcException {
        int count = p.get(0).asInt();
        byte[] script = Scripts.scriptFor(p.get(1).asText())
                .orElseThrow(() -> new RpcException(RpcException.INVALID_ADDRESS_OR_KEY, "Error: Invalid address"));
        ArrayNode hashes = F.arrayNode();
        for (SimulatedChain.Generated g : chain().generate(count, script)) {
            if (g.rejectReason() != null) {
                throw new RpcException(RpcException.INTERNAL_ERROR, "ProcessNewBlock, block not accepted");
            }
            hashes.add(g.hash().toDisplayHex());
        }
        return hashes;
    }

    private JsonNode generateBlock(List<JsonNode> p) throws RpcException {
        byte[] script = Scripts.scriptFor(p.get(0).asText())
                .orElseThrow(() ->
                        new RpcException(RpcException.INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor"));
        List<SimulatedChain.MempoolTx> txs = new ArrayList<>();
        Map<Hash256, SimulatedChain.MempoolTx> mempool = new LinkedHashMap<>();
        chain().mempoolTransactions().forEach(t -> mempool.put(t.txid(), t));
        for (JsonNode t : p.get(1)) {
            String s = t.asText();
            if (s.length() == 64 && hexOrNull(s) != null) {
                SimulatedChain.MempoolTx tx = mempool.get(Hash256.fromDisplayHex(s));
                if (tx == null) {
                    throw new RpcException(
                            RpcException.INVALID_ADDRESS_OR_KEY, "Transaction " + s + " not in mempool.");
                }
                txs.add(tx);
            } else {
                txs.add(decodeTransaction(s, "Transaction decode failed for " + s));
            }
        }
        SimulatedChain.Generated g = chain().generateBlock(script, txs);
        if (g.rejectReason() != null) {
            throw new RpcException(RpcException.INTERNAL_ERROR, "ProcessNewBlock, block not accepted");
        }
        ObjectNode o = F.objectNode();
        o.put("hash", g.hash().toDisplayHex());
        return o;
    }

    private static SimulatedChain.MempoolTx decodeTransaction(String hex, String error) throws RpcException {
        byte[] bytes = hexOrNull(hex);
        try {
            if (bytes == null) {
                throw new RpcException(RpcException.DESERIALIZATION_ERROR, error);
            }
            RawTransaction tx = RawTransaction.decode(bytes);
            return new SimulatedChain.MempoolTx(bytes, tx.txid(), tx.wtxid(), 0, tx.weight());
        } catch (RawTransaction.DecodeException e) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, error);
        }
    }

    private JsonNode getRawTransaction(List<JsonNode> p) throws RpcException {
        Hash256 txid = parseHash(p.get(0).asText(), "parameter 1");
        boolean verbose = p.size() > 1 && (p.get(1).asBoolean() || p.get(1).asInt() > 0);
        RawTransaction found = null;
        if (p.size() > 2 && !p.get(2).isNull()) {
            Hash256 blockHash = parseHash(p.get(2).asText(), "parameter 3");
            ParsedBlock block = chain().blockInfo(blockHash)
                    .flatMap(SimulatedChain.BlockInfo::data)
                    .orElseThrow(() -> new RpcException(RpcException.INVALID_ADDRESS_OR_KEY, "Block hash not found"));
            found = block.transactions().stream()
                    .filter(t -> t.txid().equals(txid))
                    .findFirst()
                    .orElseThrow(() -> new RpcException(
                            RpcException.INVALID_ADDRESS_OR_KEY,
                            "No such transaction found in the provided block. Use gettransaction for wallet"
                                    + " transactions."));
        } else {
            for (SimulatedChain.MempoolTx t : chain().mempoolTransactions()) {
                if (t.txid().equals(txid)) {
                    try {
                        found = RawTransaction.decode(t.data());
                    } catch (RawTransaction.DecodeException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            if (found == null) {
                throw new RpcException(
                        RpcException.INVALID_ADDRESS_OR_KEY,
                        "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain"
                                + " transaction queries. Use gettransaction for wallet transactions.");
            }
        }
        return verbose ? transactionJson(found, null, true) : F.textNode(Hex.encode(found.raw()));
    }

    private JsonNode sendRawTransaction(List<JsonNode> p) throws RpcException {
        SimulatedChain.MempoolTx tx =
                decodeTransaction(p.get(0).asText(), "TX decode failed. Make sure the tx has at least one input.");
        chain().addMempoolTransactions(List.of(tx));
        return F.textNode(tx.txid().toDisplayHex());
    }

    private JsonNode decodeRawTransaction(List<JsonNode> p) throws RpcException {
        byte[] bytes = hexOrNull(p.get(0).asText());
        if (bytes == null) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, "TX decode failed");
        }
        try {
            return transactionJson(RawTransaction.decode(bytes), null, false);
        } catch (RawTransaction.DecodeException e) {
            throw new RpcException(RpcException.DESERIALIZATION_ERROR, "TX decode failed");
        }
    }

    private JsonNode rawMempool(List<JsonNode> p) {
        ArrayNode a = F.arrayNode();
        chain().mempoolTransactions().forEach(t -> a.add(t.txid().toDisplayHex()));
        return a;
    }

    private JsonNode mempoolInfo() {
        List<SimulatedChain.MempoolTx> txs = chain().mempoolTransactions();
        ObjectNode o = F.objectNode();
        o.put("loaded", true);
        o.put("size", txs.size());
        o.put("bytes", txs.stream().mapToLong(t -> (t.weight() + 3) / 4).sum());
        o.put("usage", txs.stream().mapToLong(t -> t.data().length * 2L).sum());
        o.putRawValue(
                "total_fee",
                CoreFormat.amount(
                        txs.stream().mapToLong(SimulatedChain.MempoolTx::fee).sum()));
        o.put("maxmempool", 300_000_000);
        o.putRawValue("mempoolminfee", CoreFormat.amount(1000));
        o.putRawValue("minrelaytxfee", CoreFormat.amount(1000));
        o.putRawValue("incrementalrelayfee", CoreFormat.amount(1000));
        o.put("unbroadcastcount", 0);
        o.put("fullrbf", true);
        return o;
    }

    private JsonNode stop(List<JsonNode> p) {
        node.stopRequested();
        return TextNode.valueOf("Bitcoin Core stopping");
    }

    // ---------------------------------------------------------------- helpers

    /** Core's ParseHashV: 64 hex digits, else -8 naming the parameter. */
    static Hash256 parseHash(String s, String name) throws RpcException {
        if (s.length() != 64) {
            throw new RpcException(
                    RpcException.INVALID_PARAMETER,
                    name + " must be of length 64 (not " + s.length() + ", for '" + s + "')");
        }
        if (hexOrNull(s) == null) {
            throw new RpcException(
                    RpcException.INVALID_PARAMETER, name + " must be hexadecimal string (not '" + s + "')");
        }
        return Hash256.fromDisplayHex(s.toLowerCase(java.util.Locale.ROOT));
    }

    /** Core's IsHex then ParseHex: an even, non-zero number of hex digits; else null. */
    static byte[] hexOrNull(String s) {
        if (s.isEmpty() || s.length() % 2 != 0) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return null;
            }
        }
        return Hex.decode(s.toLowerCase(java.util.Locale.ROOT));
    }
}
