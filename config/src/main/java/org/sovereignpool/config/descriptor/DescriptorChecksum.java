package org.sovereignpool.config.descriptor;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The descriptor checksum of BIP 380: eight characters after a {@code #}, a BCH code over the descriptor's characters
 * that detects any single-character error (and any 2 or 3 symbol errors in a descriptor of up to 49,154 characters).
 * The error messages are Bitcoin Core's, word for word, so that an operator can compare them with {@code
 * getdescriptorinfo}.
 */
public final class DescriptorChecksum {
    /** Number of characters in a checksum. */
    public static final int LENGTH = 8;

    /** The characters a descriptor may hold, in three groups of 32 (the order matters for the code). */
    private static final String INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}" + "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
            + "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";

    private static final String CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final long[] GENERATOR = {0xf5dee51989L, 0xa9fdca3312L, 0x1bab10e32dL, 0x3706b1677aL, 0x644d626ffdL};

    /** Position of each ASCII character in {@link #INPUT_CHARSET}, -1 for characters outside it. */
    private static final int[] POSITION = new int[128];

    static {
        Arrays.fill(POSITION, -1);
        for (int i = 0; i < INPUT_CHARSET.length(); i++) {
            POSITION[INPUT_CHARSET.charAt(i)] = i;
        }
    }

    private DescriptorChecksum() {}

    /** The checksum of {@code payload} (a descriptor without {@code #}), or empty if it holds a character outside the set. */
    public static Optional<String> compute(String payload) {
        Objects.requireNonNull(payload, "payload");
        long c = 1;
        int groups = 0;
        int groupCount = 0;
        for (int i = 0; i < payload.length(); i++) {
            char ch = payload.charAt(i);
            int pos = ch < POSITION.length ? POSITION[ch] : -1;
            if (pos < 0) {
                return Optional.empty();
            }
            c = polymod(c, pos & 31);
            groups = groups * 3 + (pos >> 5);
            if (++groupCount == 3) {
                c = polymod(c, groups);
                groups = 0;
                groupCount = 0;
            }
        }
        if (groupCount > 0) {
            c = polymod(c, groups);
        }
        for (int j = 0; j < LENGTH; j++) {
            c = polymod(c, 0);
        }
        c ^= 1;
        char[] out = new char[LENGTH];
        for (int j = 0; j < LENGTH; j++) {
            out[j] = CHECKSUM_CHARSET.charAt((int) ((c >>> (5 * (7 - j))) & 31));
        }
        return Optional.of(new String(out));
    }

    /** {@code payload#checksum}. */
    public static String append(String payload) {
        return payload + "#"
                + compute(payload).orElseThrow(() -> new DescriptorException("Invalid characters in payload"));
    }

    /**
     * Checks {@code descriptor} ({@code payload#checksum}) and returns the payload. The checksum is required: a
     * treasury descriptor is typed or pasted by hand, and the checksum is what catches a typo in it.
     *
     * @throws DescriptorException with Bitcoin Core's message ({@code Missing checksum}, {@code Provided checksum 'X'
     *     does not match computed checksum 'Y'}, ...)
     */
    public static String verify(String descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        int hash = descriptor.indexOf('#');
        if (hash >= 0 && descriptor.indexOf('#', hash + 1) >= 0) {
            throw new DescriptorException("Multiple '#' symbols");
        }
        if (hash < 0) {
            throw new DescriptorException("Missing checksum");
        }
        String payload = descriptor.substring(0, hash);
        String provided = descriptor.substring(hash + 1);
        if (provided.length() != LENGTH) {
            throw new DescriptorException(
                    "Expected " + LENGTH + " character checksum, not " + provided.length() + " characters");
        }
        String computed = compute(payload).orElseThrow(() -> new DescriptorException("Invalid characters in payload"));
        if (!computed.equals(provided)) {
            throw new DescriptorException(
                    "Provided checksum '" + provided + "' does not match computed checksum '" + computed + "'");
        }
        return payload;
    }

    private static long polymod(long c, int value) {
        long top = c >>> 35;
        c = ((c & 0x7ffffffffL) << 5) ^ value;
        for (int i = 0; i < GENERATOR.length; i++) {
            if (((top >>> i) & 1) != 0) {
                c ^= GENERATOR[i];
            }
        }
        return c;
    }
}
