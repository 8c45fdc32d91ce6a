package org.sovereignpool.config.descriptor;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.bitcoinj.base.LegacyAddress;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.SegwitAddress;
import org.sovereignpool.config.Network;

/**
 * A ranged output descriptor (BIP 380-386) of one of the forms a treasury takes: {@code wpkh(KEY)}, {@code
 * sh(wpkh(KEY))}, {@code wsh(sortedmulti(k,KEY,...))} and {@code tr(KEY)} (key path only), each KEY an xpub/tpub of
 * the pool's network ending in {@code /*}, written with its {@code #checksum}. Index {@code i} replaces the wildcard
 * in every key, so each index gives a fresh output script. Only public keys: a descriptor holding a private key is
 * refused.
 *
 * <p>Immutable and safe to share between threads. Deriving an index costs a few elliptic curve operations per key
 * (no caching here: see the treasury's payee for that).
 */
public final class OutputDescriptor {
    /** The highest index: BIP 32 unhardened child numbers are 0..2^31-1. */
    public static final long MAX_INDEX = 0x7fffffffL;

    /** Bitcoin Core's limit on the keys of a {@code multi()}/{@code sortedmulti()} inside {@code wsh()}. */
    public static final int MAX_MULTISIG_KEYS = 20;

    /** The forms the treasury takes, for messages. */
    public static final String SUPPORTED = "wpkh(KEY), sh(wpkh(KEY)), wsh(sortedmulti(k,KEY,...)) or tr(KEY)";

    /** Functions Bitcoin Core knows that the treasury does not take: refused by name, not as unknown. */
    private static final Set<String> OTHER_FUNCTIONS = Set.of(
            "pk",
            "pkh",
            "combo",
            "multi",
            "sortedmulti",
            "multi_a",
            "sortedmulti_a",
            "raw",
            "addr",
            "rawtr",
            "musig",
            "and_v",
            "or_d",
            "thresh");

    private static final Set<String> TREASURY_FUNCTIONS = Set.of("wpkh", "sh", "wsh", "tr");

    /** The supported forms. */
    public enum Kind {
        WPKH(ScriptType.P2WPKH),
        SH_WPKH(ScriptType.P2SH),
        WSH_SORTEDMULTI(ScriptType.P2WSH),
        TR(ScriptType.P2TR);

        private final ScriptType scriptType;

        Kind(ScriptType scriptType) {
            this.scriptType = scriptType;
        }

        /** The type of the output scripts this form gives. */
        public ScriptType scriptType() {
            return scriptType;
        }
    }

    private final String payload;
    private final String checksum;
    private final Network network;
    private final Kind kind;
    private final int threshold;
    private final List<KeyExpression> keys;

    private OutputDescriptor(
            String payload, String checksum, Network network, Kind kind, int threshold, List<KeyExpression> keys) {
        this.payload = payload;
        this.checksum = checksum;
        this.network = network;
        this.kind = kind;
        this.threshold = threshold;
        this.keys = List.copyOf(keys);
    }

    /**
     * Parses and checks {@code descriptor} ({@code SCRIPT#checksum}) for {@code network}: private key material first
     * (refused without repeating it), then the checksum (required, Bitcoin Core's messages), then the form and every
     * key.
     *
     * @throws DescriptorException saying what is wrong and how to fix it
     */
    public static OutputDescriptor parse(String descriptor, Network network) {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(network, "network");
        if (descriptor.isBlank()) {
            throw new DescriptorException("empty; expected " + SUPPORTED + " with its #checksum");
        }
        PrivateKeyMaterial.refuse(descriptor);
        String payload;
        try {
            payload = DescriptorChecksum.verify(descriptor);
        } catch (DescriptorException e) {
            throw new DescriptorException(e.getMessage() + checksumHint(e.getMessage()));
        }
        String checksum = descriptor.substring(payload.length() + 1);
        Call top = Call.parse(payload);
        if (top == null) {
            throw new DescriptorException(
                    "expected a script function, " + SUPPORTED + ", got '" + shorten(payload) + "'");
        }
        return switch (top.name()) {
            case "wpkh" -> single(payload, checksum, network, Kind.WPKH, top);
            case "tr" -> {
                if (top.args().size() > 1) {
                    throw new DescriptorException("tr() with a script tree is not supported: the treasury takes"
                            + " tr(KEY), key path only (BIP 86)");
                }
                yield single(payload, checksum, network, Kind.TR, top);
            }
            case "sh" -> {
                Call inner = inner(top);
                if (!inner.name().equals("wpkh")) {
                    throw unsupported("sh", inner.name());
                }
                yield single(payload, checksum, network, Kind.SH_WPKH, inner);
            }
            case "wsh" -> {
                Call inner = inner(top);
                if (inner.name().equals("multi")) {
                    throw new DescriptorException("wsh(multi()) is not supported: use wsh(sortedmulti()), whose"
                            + " script does not depend on the order the keys are written in (BIP 67)");
                }
                if (!inner.name().equals("sortedmulti")) {
                    throw unsupported("wsh", inner.name());
                }
                yield sortedMulti(payload, checksum, network, inner);
            }
            default -> throw unsupported(null, top.name());
        };
    }

    private static String checksumHint(String coreMessage) {
        if (coreMessage.equals("Missing checksum")) {
            return ": write the descriptor with its #checksum, as the wallet or Bitcoin Core's getdescriptorinfo"
                    + " gives it; the checksum is required because it catches a typo in the keys";
        }
        if (coreMessage.startsWith("Provided checksum")) {
            return ": the descriptor or its checksum has a typo (after a deliberate change, take the new checksum"
                    + " from Bitcoin Core's getdescriptorinfo)";
        }
        return "";
    }

    /** {@code name()} inside {@code outer()} (null at the top) is not a form the treasury takes. */
    private static DescriptorException unsupported(String outer, String name) {
        if (!OTHER_FUNCTIONS.contains(name) && !TREASURY_FUNCTIONS.contains(name)) {
            return new DescriptorException("unknown function '" + shorten(name) + "'; the treasury takes " + SUPPORTED);
        }
        String form = outer == null ? name + "()" : outer + "(" + name + "())";
        return new DescriptorException(form + " is not a form the treasury takes; use " + SUPPORTED);
    }

    private static Call inner(Call outer) {
        if (outer.args().size() != 1) {
            throw new DescriptorException(
                    outer.name() + "() takes one script, got " + outer.args().size() + " arguments");
        }
        Call inner = Call.parse(outer.args().get(0));
        if (inner == null) {
            throw new DescriptorException(outer.name() + "() takes a script such as "
                    + (outer.name().equals("sh") ? "wpkh(KEY)" : "sortedmulti(k,KEY,...)") + ", got '"
                    + shorten(outer.args().get(0)) + "'");
        }
        return inner;
    }

    private static OutputDescriptor single(String payload, String checksum, Network network, Kind kind, Call call) {
        List<String> args = call.args();
        if (args.size() != 1) {
            throw new DescriptorException(
                    call.name() + "() takes one key, got " + (args.isEmpty() ? "none" : args.size()));
        }
        if (Call.parse(args.get(0)) != null) {
            throw new DescriptorException(call.name() + "() takes a key (an xpub/tpub ending in /*), not a script");
        }
        KeyExpression key = KeyExpression.parse(args.get(0), "key", network);
        return new OutputDescriptor(payload, checksum, network, kind, 1, List.of(key));
    }

    private static OutputDescriptor sortedMulti(String payload, String checksum, Network network, Call call) {
        List<String> args = call.args();
        if (args.size() < 2) {
            throw new DescriptorException(
                    "sortedmulti() takes a threshold and at least one key, e.g. sortedmulti(2,KEY,KEY,KEY)");
        }
        String k = args.get(0);
        int n = args.size() - 1;
        if (k.isEmpty() || k.length() > 9 || !k.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DescriptorException("sortedmulti() threshold '" + shorten(k) + "' is not a number");
        }
        int threshold = Integer.parseInt(k);
        if (threshold < 1) {
            throw new DescriptorException("sortedmulti() threshold must be at least 1, got " + threshold);
        }
        if (threshold > n) {
            throw new DescriptorException("sortedmulti() threshold " + threshold + " is more than its " + n
                    + (n == 1 ? " key" : " keys") + " (k of n needs k <= n)");
        }
        if (n > MAX_MULTISIG_KEYS) {
            throw new DescriptorException(
                    "sortedmulti() in wsh() takes at most " + MAX_MULTISIG_KEYS + " keys, got " + n);
        }
        List<KeyExpression> keys = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            KeyExpression key = KeyExpression.parse(args.get(i), "key " + i, network);
            for (int j = 0; j < keys.size(); j++) {
                refuseSameHolder(keys.get(j), j + 1, key, i);
            }
            keys.add(key);
        }
        return new OutputDescriptor(payload, checksum, network, Kind.WSH_SORTEDMULTI, threshold, keys);
    }

    /** Two keys one person holds would make a k-of-n treasury spendable by fewer than k people. */
    private static void refuseSameHolder(KeyExpression earlier, int earlierNumber, KeyExpression key, int number) {
        String named = "key " + number + " (" + KeyExpression.abbreviate(key.extendedKey()) + ")";
        if (Arrays.equals(earlier.extendedPublicKey(), key.extendedPublicKey())) {
            throw new DescriptorException(named + " is the same extended key as key " + earlierNumber
                    + ": one holder would sign for both; each key must belong to a different signer");
        }
        OptionalInt a = earlier.rootFingerprint();
        OptionalInt b = key.rootFingerprint();
        if (a.isPresent() && b.isPresent() && a.getAsInt() == b.getAsInt()) {
            throw new DescriptorException(named + " comes from the same master key as key " + earlierNumber
                    + " (fingerprint " + HexFormat.of().toHexDigits(a.getAsInt())
                    + "): one seed would sign for both; each key must belong to a different signer");
        }
    }

    /**
     * The output at {@code index}: script, address and (for {@code wsh}) the witness script.
     *
     * @throws IllegalArgumentException if {@code index} is outside 0..{@link #MAX_INDEX}
     * @throws DescriptorException in the (about 2^-127 per key) case that BIP 32 has no key at this index; the caller
     *     skips to the next index
     */
    public DerivedOutput derive(long index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("index must be 0.." + MAX_INDEX + ", got " + index);
        }
        int i = (int) index;
        return switch (kind) {
            case WPKH -> {
                byte[] program = Hashes.hash160(keys.get(0).publicKey(i));
                yield output(index, witnessProgram(0, program), null);
            }
            case SH_WPKH -> {
                byte[] redeem = witnessProgram(0, Hashes.hash160(keys.get(0).publicKey(i)));
                byte[] spk = new byte[23];
                spk[0] = (byte) 0xa9; // OP_HASH160
                spk[1] = 20;
                System.arraycopy(Hashes.hash160(redeem), 0, spk, 2, 20);
                spk[22] = (byte) 0x87; // OP_EQUAL
                yield output(index, spk, null);
            }
            case WSH_SORTEDMULTI -> {
                byte[] witnessScript = sortedMultisigScript(i);
                yield output(index, witnessProgram(0, Hashes.sha256(witnessScript)), witnessScript);
            }
            case TR -> {
                byte[] xOnly = Taproot.xOnly(keys.get(0).publicKey(i));
                yield output(index, witnessProgram(1, Taproot.outputKey(xOnly)), null);
            }
        };
    }

    /** The output script at {@code index} (see {@link #derive}). */
    public byte[] scriptPubKey(long index) {
        return derive(index).scriptPubKey();
    }

    /** The address at {@code index}, as Bitcoin Core's {@code deriveaddresses} gives it (see {@link #derive}). */
    public String address(long index) {
        return derive(index).address();
    }

    private DerivedOutput output(long index, byte[] scriptPubKey, byte[] witnessScript) {
        return new DerivedOutput(index, scriptPubKey, addressOf(scriptPubKey), witnessScript);
    }

    private String addressOf(byte[] spk) {
        return switch (kind) {
            case WPKH, WSH_SORTEDMULTI, TR ->
                SegwitAddress.fromProgram(
                                network.bitcoinNetwork(), spk[0] == 0 ? 0 : 1, Arrays.copyOfRange(spk, 2, spk.length))
                        .toBech32();
            case SH_WPKH ->
                LegacyAddress.fromScriptHash(network.bitcoinNetwork(), Arrays.copyOfRange(spk, 2, 22))
                        .toBase58();
        };
    }

    /** OP_k KEY... OP_n OP_CHECKMULTISIG with the keys at {@code index} in BIP 67 order (lexicographic bytes). */
    private byte[] sortedMultisigScript(int index) {
        List<byte[]> pubkeys = new ArrayList<>();
        for (KeyExpression key : keys) {
            pubkeys.add(key.publicKey(index));
        }
        pubkeys.sort(Arrays::compareUnsigned);
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        pushSmallNumber(script, threshold);
        for (byte[] pubkey : pubkeys) {
            script.write(pubkey.length);
            script.writeBytes(pubkey);
        }
        pushSmallNumber(script, pubkeys.size());
        script.write(0xae); // OP_CHECKMULTISIG
        return script.toByteArray();
    }

    /** 1..16 as OP_1..OP_16; 17..20 as a one-byte push, as Bitcoin Core writes them. */
    private static void pushSmallNumber(ByteArrayOutputStream script, int n) {
        if (n <= 16) {
            script.write(0x50 + n);
        } else {
            script.write(1);
            script.write(n);
        }
    }

    private static byte[] witnessProgram(int version, byte[] program) {
        byte[] spk = new byte[2 + program.length];
        spk[0] = (byte) (version == 0 ? 0x00 : 0x50 + version);
        spk[1] = (byte) program.length;
        System.arraycopy(program, 0, spk, 2, program.length);
        return spk;
    }

    private static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    public Kind kind() {
        return kind;
    }

    public ScriptType scriptType() {
        return kind.scriptType();
    }

    public Network network() {
        return network;
    }

    /** k of a k-of-n multisig; 1 for the single-key forms. */
    public int threshold() {
        return threshold;
    }

    /** The keys in the order written (sortedmulti sorts the derived keys, not these). */
    public List<KeyExpression> keys() {
        return keys;
    }

    /** The descriptor without its checksum, exactly as written. */
    public String payload() {
        return payload;
    }

    public String checksum() {
        return checksum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputDescriptor d && d.network == network && d.payload.equals(payload);
    }

    @Override
    public int hashCode() {
        return payload.hashCode();
    }

    /** {@code payload#checksum}, as written. */
    @Override
    public String toString() {
        return payload + "#" + checksum;
    }

    /** A function call {@code name(arg,arg,...)}, split at its top-level commas. */
    private record Call(String name, List<String> args) {
        /** The call, or null when {@code text} does not start like one (no '(' or no name before it). */
        static Call parse(String text) {
            int open = text.indexOf('(');
            if (open <= 0 || !text.substring(0, open).chars().allMatch(c -> (c >= 'a' && c <= 'z') || c == '_')) {
                return null;
            }
            String name = text.substring(0, open);
            Deque<Character> opened = new ArrayDeque<>();
            int close = -1;
            List<String> args = new ArrayList<>();
            int argStart = open + 1;
            for (int i = open; i < text.length() && close < 0; i++) {
                char c = text.charAt(i);
                int kind = "([{".indexOf(c);
                if (kind >= 0) {
                    opened.push(c);
                } else if ((kind = ")]}".indexOf(c)) >= 0) {
                    if (opened.isEmpty() || opened.peek() != "([{".charAt(kind)) {
                        throw new DescriptorException("unbalanced '" + c + "' in " + name + "()"
                                + (opened.isEmpty() ? "" : " ('" + opened.peek() + "' is still open)"));
                    }
                    opened.pop();
                    if (opened.isEmpty()) {
                        close = i;
                        args.add(text.substring(argStart, i));
                    }
                } else if (c == ',' && opened.size() == 1) {
                    args.add(text.substring(argStart, i));
                    argStart = i + 1;
                }
            }
            if (close < 0) {
                throw new DescriptorException(name + "( has no closing ')'");
            }
            if (close != text.length() - 1) {
                throw new DescriptorException(
                        "unexpected '" + shorten(text.substring(close + 1)) + "' after " + name + "(...)");
            }
            if (args.size() == 1 && args.get(0).isEmpty()) {
                args.clear();
            }
            return new Call(name, List.copyOf(args));
        }
    }
}
