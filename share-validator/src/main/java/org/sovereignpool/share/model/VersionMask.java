package org.sovereignpool.share.model;

/**
 * The header version bits a miner may roll (BIP 310 {@code version-rolling}, BIP 320 reserves {@code 1fffe000}).
 */
public record VersionMask(int bits) {
    /** The pool's mask: the 16 general-purpose bits of BIP 320. */
    public static final VersionMask BIP320 = new VersionMask(0x1fffe000);

    public static final VersionMask NONE = new VersionMask(0);

    /** From hex as in {@code mining.configure} ("1fffe000"); 1..8 digits. */
    public static VersionMask fromHex(String hex) {
        long v = Hex.parseUint32(hex);
        if (v < 0) {
            throw new IllegalArgumentException("version mask must be 1..8 hex digits, got \"" + hex + "\"");
        }
        return new VersionMask((int) v);
    }

    /** The mask both sides agree on: the pool's bits that the miner also asked for. */
    public VersionMask intersect(VersionMask miner) {
        return new VersionMask(bits & miner.bits);
    }

    /** Whether {@code versionBits} sets only bits inside this mask. */
    public boolean allows(int versionBits) {
        return (versionBits & ~bits) == 0;
    }

    /** The header version for a job version and the miner's rolled bits. */
    public int apply(int jobVersion, int versionBits) {
        return (jobVersion & ~bits) | (versionBits & bits);
    }

    public int bitCount() {
        return Integer.bitCount(bits);
    }

    public String toHex() {
        return Hex.uint32(bits);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
