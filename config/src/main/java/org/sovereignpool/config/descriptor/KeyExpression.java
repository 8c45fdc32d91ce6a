package org.sovereignpool.config.descriptor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.crypto.HDDerivationException;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.bitcoinj.crypto.LazyECPoint;
import org.sovereignpool.config.Network;

/**
 * One ranged key of a treasury descriptor: {@code [origin]xpub/a/b/*} — an optional key origin, an extended public
 * key of the pool's network (xpub on mainnet, tpub on the test networks), zero or more unhardened steps, and the
 * wildcard {@code /*} that the address index replaces. Hardened steps after the key are refused: they need the
 * private key. Immutable; safe to share between threads.
 */
public final class KeyExpression {
    /** BIP 32 version bytes of extended public keys. */
    static final int XPUB = 0x0488B21E;

    static final int TPUB = 0x043587CF;

    /** SLIP-132 versions: the same keys with the script type in the version; descriptors do not use them. */
    private static final Map<Integer, String> SLIP132 = Map.of(
            0x049D7CB2, "ypub",
            0x04B24746, "zpub",
            0x0295B43F, "Ypub",
            0x02AA7ED3, "Zpub",
            0x044A5262, "upub",
            0x045F1CF6, "vpub",
            0x024289EF, "Upub",
            0x02575483, "Vpub");

    private static final int EXTENDED_KEY_BYTES = 78;
    private static final long MAX_STEP = 0x7fffffffL;

    private final String text;
    private final Optional<KeyOrigin> origin;
    private final String extendedKey;
    private final List<Integer> steps;
    private final DeterministicKey key;
    private final DeterministicKey chain;

    private KeyExpression(
            String text, Optional<KeyOrigin> origin, String extendedKey, List<Integer> steps, DeterministicKey key) {
        this.text = text;
        this.origin = origin;
        this.extendedKey = extendedKey;
        this.steps = List.copyOf(steps);
        this.key = key;
        DeterministicKey cursor = key;
        for (int step : steps) {
            cursor = derive(cursor, step, "step /" + step);
        }
        // bitcoinj decodes a derived key's point lazily into a plain field, which threads deriving children at once
        // would race on; decoded here, before the final field publishes the key, every thread sees it decoded.
        cursor.getPubKeyPoint();
        this.chain = cursor;
    }

    /**
     * Parses one key expression.
     *
     * @param label how messages name the key, e.g. {@code "key 2"}; the abbreviated key is appended to it
     * @throws DescriptorException saying what is wrong with the key
     */
    static KeyExpression parse(String text, String label, Network network) {
        String rest = text;
        Optional<KeyOrigin> origin = Optional.empty();
        String named = label + " (" + abbreviate(keyPart(text)) + ")";
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new DescriptorException(named + ": the key origin '[' has no closing ']'");
            }
            origin = Optional.of(parseOrigin(rest.substring(1, close), named));
            rest = rest.substring(close + 1);
            if (rest.startsWith("[")) {
                throw new DescriptorException(named + ": more than one key origin");
            }
        }
        if (rest.indexOf(']') >= 0 || rest.indexOf('[') >= 0) {
            throw new DescriptorException(named + ": a key origin must come first and start with '['");
        }
        String[] parts = rest.split("/", -1);
        String keyText = parts[0];
        if (keyText.isEmpty()) {
            throw new DescriptorException(named + ": no key" + (origin.isPresent() ? " after the key origin" : ""));
        }
        DeterministicKey key = decodeExtendedPublicKey(keyText, named, network);
        List<Integer> steps = new ArrayList<>();
        boolean ranged = false;
        for (int i = 1; i < parts.length; i++) {
            String step = parts[i];
            boolean last = i == parts.length - 1;
            if (step.equals("*")) {
                if (!last) {
                    throw new DescriptorException(named + ": '/*' must be the last step");
                }
                ranged = true;
            } else if (step.equals("*'") || step.equals("*h") || step.equals("*H")) {
                throw new DescriptorException(named + ": the hardened wildcard /" + step
                        + " needs the private key, which the pool never holds; end the key with /* (unhardened)");
            } else if (isHardened(step)) {
                throw new DescriptorException(named + ": step /" + step + " after the extended public key is"
                        + " hardened, and hardened derivation needs the private key, which the pool never holds;"
                        + " put the xpub of the last hardened level in the descriptor (usually the account key, e.g."
                        + " [fingerprint/48h/0h/0h/2h]xpub.../0/*) and only unhardened steps after it");
            } else {
                steps.add(parseStep(step, named, "after the extended public key"));
            }
        }
        if (!ranged) {
            throw new DescriptorException(named + " is not ranged: end it with /* (e.g. " + abbreviate(keyText)
                    + "/0/*) so that each block pays a fresh address");
        }
        return new KeyExpression(text, origin, keyText, steps, key);
    }

    private static KeyOrigin parseOrigin(String inside, String named) {
        String[] parts = inside.split("/", -1);
        String fingerprint = parts[0];
        if (fingerprint.length() != 8 || !isHex(fingerprint)) {
            throw new DescriptorException(
                    named + ": the key origin's fingerprint must be 8 hex characters, got '" + fingerprint + "'");
        }
        List<ChildNumber> path = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String step = parts[i];
            boolean hardened = isHardened(step);
            String number = hardened ? step.substring(0, step.length() - 1) : step;
            path.add(new ChildNumber(parseStep(number, named, "in the key origin"), hardened));
        }
        return new KeyOrigin(HexFormat.fromHexDigits(fingerprint), path);
    }

    private static int parseStep(String step, String named, String where) {
        if (step.isEmpty()) {
            throw new DescriptorException(named + ": an empty step " + where + " ('//' or a trailing '/')");
        }
        if (step.startsWith("<")) {
            throw new DescriptorException(
                    named + ": multipath steps like " + step + " are not supported; use one chain, e.g. /0/*");
        }
        if (!step.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DescriptorException(
                    named + ": '" + step + "' " + where + " is not a derivation step (a number, hardened with h or ')");
        }
        if (step.length() > 10 || Long.parseLong(step) > MAX_STEP) {
            throw new DescriptorException(
                    named + ": step " + step + " " + where + " is out of range (0.." + MAX_STEP + ")");
        }
        return Integer.parseInt(step);
    }

    private static DeterministicKey decodeExtendedPublicKey(String keyText, String named, Network network) {
        if (isHex(keyText)) {
            throw new DescriptorException(named + " is a plain public key; the treasury needs an extended public key"
                    + " (" + expectedPrefix(network) + ") ending in /* so that each block pays a fresh address");
        }
        byte[] data;
        try {
            data = Base58.decodeChecked(keyText);
        } catch (AddressFormatException e) {
            throw new DescriptorException(named + " is not a valid extended public key (its base58 check fails: a"
                    + " typo, or a truncated key)");
        }
        if (data.length != EXTENDED_KEY_BYTES) {
            throw new DescriptorException(named + " is not an extended public key (" + data.length
                    + " bytes; an xpub/tpub has " + EXTENDED_KEY_BYTES + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int version = buffer.getInt();
        int depth = Byte.toUnsignedInt(buffer.get());
        int parentFingerprint = buffer.getInt();
        int childNumber = buffer.getInt();
        byte[] chainCode = new byte[32];
        buffer.get(chainCode);
        byte[] publicKey = new byte[33];
        buffer.get(publicKey);
        String slip132 = SLIP132.get(version);
        if (slip132 != null) {
            throw new DescriptorException(named + " is a SLIP-132 '" + slip132 + "' key; descriptors take the same key"
                    + " as " + expectedPrefix(network) + " (the descriptor's function, e.g. wpkh(), gives the script"
                    + " type): convert it, or export the descriptor from the wallet");
        }
        if (version == XPUB || version == TPUB) {
            int wanted = network == Network.MAINNET ? XPUB : TPUB;
            if (version != wanted) {
                throw new DescriptorException(
                        named + " is " + (version == XPUB ? "a mainnet key (xpub)" : "a" + " test-network key (tpub)")
                                + " but the network is " + network.configName()
                                + ", which takes " + expectedPrefix(network) + " keys");
            }
        } else {
            throw new DescriptorException(named + " is not an extended public key (version bytes "
                    + HexFormat.of().toHexDigits(version) + "; an xpub has 0488b21e, a tpub 043587cf)");
        }
        if (depth == 0 && (parentFingerprint != 0 || childNumber != 0)) {
            throw new DescriptorException(named + " is not a valid extended public key (depth 0 with a parent"
                    + " fingerprint or child number)");
        }
        if (publicKey[0] != 0x02 && publicKey[0] != 0x03) {
            throw new DescriptorException(
                    named + " is not a valid extended public key (its key data is not a" + " compressed public key)");
        }
        LazyECPoint point;
        try {
            point = new LazyECPoint(ECKey.ecDomainParameters().getCurve().decodePoint(publicKey), true);
        } catch (IllegalArgumentException e) {
            throw new DescriptorException(
                    named + " is not a valid extended public key (its key is not a point on" + " the curve)");
        }
        List<ChildNumber> path = depth == 0 ? List.of() : List.of(new ChildNumber(childNumber));
        return new DeterministicKey(path, chainCode, point, null, depth, parentFingerprint);
    }

    /** BIP 32 public derivation of the unhardened child {@code index}. */
    private static DeterministicKey derive(DeterministicKey parent, int index, String what) {
        try {
            return HDKeyDerivation.deriveChildKey(parent, new ChildNumber(index, false));
        } catch (HDDerivationException e) {
            // BIP 32: about one index in 2^127 has no key; the caller moves to the next one.
            throw new DescriptorException(what + " has no key (BIP 32 invalid child: " + e.getMessage() + ")");
        }
    }

    /** The compressed (33-byte) public key at address index {@code index} (0..2^31-1). */
    public byte[] publicKey(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be 0.." + MAX_STEP + ", got " + index);
        }
        return derive(chain, index, "index " + index).getPubKey();
    }

    /** The key expression exactly as written in the descriptor. */
    public String text() {
        return text;
    }

    public Optional<KeyOrigin> origin() {
        return origin;
    }

    /** The xpub or tpub, base58 as written. */
    public String extendedKey() {
        return extendedKey;
    }

    /** The unhardened steps between the extended key and the wildcard, e.g. {@code [0]} for {@code xpub.../0/*}. */
    public List<Integer> steps() {
        return steps;
    }

    /**
     * The fingerprint of the master key this key descends from, when known: the origin's, or the key's own for a
     * master key (depth 0). Two keys with the same one are one seed, however their paths differ.
     */
    public OptionalInt rootFingerprint() {
        if (origin.isPresent()) {
            return OptionalInt.of(origin.get().fingerprint());
        }
        return key.getDepth() == 0 ? OptionalInt.of(key.getFingerprint()) : OptionalInt.empty();
    }

    /** The extended key's own public key (33 bytes): equal for two expressions naming the same key. */
    byte[] extendedPublicKey() {
        return key.getPubKey();
    }

    /** {@code tpubD6NzVbkr...tg3Mcb}: enough to tell keys apart in a message. */
    static String abbreviate(String keyText) {
        return keyText.length() <= 24
                ? keyText
                : keyText.substring(0, 12) + "..." + keyText.substring(keyText.length() - 8);
    }

    /** The key text of an expression: after the origin, before the first step. */
    private static String keyPart(String text) {
        String rest = text;
        int close = rest.lastIndexOf(']');
        if (close >= 0) {
            rest = rest.substring(close + 1);
        }
        int slash = rest.indexOf('/');
        return slash >= 0 ? rest.substring(0, slash) : rest;
    }

    private static String expectedPrefix(Network network) {
        return network == Network.MAINNET ? "xpub" : "tpub";
    }

    private static boolean isHardened(String step) {
        return step.endsWith("'") || step.endsWith("h");
    }

    private static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyExpression k && k.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
