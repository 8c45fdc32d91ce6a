package org.sovereignpool.share.job;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.share.model.Target;

/**
 * One unit of work sent to miners, built once from a block template and shared by every session: the two
 * coinbase halves around the extranonce slot, the merkle branch, and the header fields. Everything a share check
 * needs is precomputed here (ckpool's {@code genwork}); the share path only copies bytes and hashes.
 *
 * <p>The difficulty a job was sent with differs per session (vardiff), so it is kept beside the job in the
 * session's {@link org.sovereignpool.share.validate.JobSlot}, not here.
 */
public final class Job {
    static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    public static final int HEADER_SIZE = 80;
    public static final int VERSION_OFFSET = 0;
    public static final int PREV_HASH_OFFSET = 4;
    public static final int MERKLE_ROOT_OFFSET = 36;
    public static final int NTIME_OFFSET = 68;
    public static final int NBITS_OFFSET = 72;
    public static final int NONCE_OFFSET = 76;

    private final long id;
    private final String idHex;
    private final int height;
    private final Hash256 prevHash;
    private final byte[] coinbase1;
    private final byte[] coinbase2;
    private final MerkleBranch merkleBranch;
    private final int version;
    private final CompactBits bits;
    private final int ntime;
    private final int minTime;
    private final boolean cleanJobs;
    private final Target networkTarget;
    private final byte[] headerTemplate;

    private Job(Builder b) {
        this.id = b.id;
        this.idHex = String.format("%016x", b.id);
        this.height = b.height;
        this.prevHash = Objects.requireNonNull(b.prevHash, "prevHash");
        this.coinbase1 = Objects.requireNonNull(b.coinbase1, "coinbase1").clone();
        this.coinbase2 = Objects.requireNonNull(b.coinbase2, "coinbase2").clone();
        this.merkleBranch = Objects.requireNonNull(b.merkleBranch, "merkleBranch");
        this.version = b.version;
        this.bits = Objects.requireNonNull(b.bits, "bits");
        this.ntime = b.ntime;
        this.minTime = b.minTime == null ? b.ntime : b.minTime;
        this.cleanJobs = b.cleanJobs;
        if (Integer.compareUnsigned(minTime, ntime) > 0) {
            throw new IllegalArgumentException("ntime " + Integer.toUnsignedString(ntime) + " is before mintime "
                    + Integer.toUnsignedString(minTime));
        }
        if (coinbase1.length < 42) {
            // version(4) + input count(1) + prevout(36) + script length(1): anything shorter cannot be a coinbase
            throw new IllegalArgumentException(
                    "coinbase1 is too short to be a coinbase: " + coinbase1.length + " bytes");
        }
        this.networkTarget = bits.toTarget();
        this.headerTemplate = new byte[HEADER_SIZE];
        LE_INT.set(headerTemplate, VERSION_OFFSET, version);
        prevHash.copyInternalTo(headerTemplate, PREV_HASH_OFFSET);
        LE_INT.set(headerTemplate, NTIME_OFFSET, ntime);
        LE_INT.set(headerTemplate, NBITS_OFFSET, bits.value());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Parses a Stratum job id as this pool issues it (16 hex digits); -1 when it is not one of ours. */
    public static long parseId(String jobIdHex) {
        if (jobIdHex == null || jobIdHex.length() != 16) {
            return -1;
        }
        long hi = Hex.parseUint32(jobIdHex.substring(0, 8));
        long lo = Hex.parseUint32(jobIdHex.substring(8));
        return hi < 0 || lo < 0 ? -1 : (hi << 32) | lo;
    }

    public long id() {
        return id;
    }

    /** The job id on the wire: 16 lower-case hex digits. */
    public String idHex() {
        return idHex;
    }

    public int height() {
        return height;
    }

    public Hash256 prevHash() {
        return prevHash;
    }

    public byte[] coinbase1() {
        return coinbase1.clone();
    }

    public byte[] coinbase2() {
        return coinbase2.clone();
    }

    public String coinbase1Hex() {
        return Hex.encode(coinbase1);
    }

    public String coinbase2Hex() {
        return Hex.encode(coinbase2);
    }

    public MerkleBranch merkleBranch() {
        return merkleBranch;
    }

    public int version() {
        return version;
    }

    public CompactBits bits() {
        return bits;
    }

    /** The header time the job was issued with; shares may roll it forward. */
    public int ntime() {
        return ntime;
    }

    /** The earliest header time the node accepts (the template's {@code mintime}). */
    public int minTime() {
        return minTime;
    }

    public boolean cleanJobs() {
        return cleanJobs;
    }

    public Target networkTarget() {
        return networkTarget;
    }

    /** The coinbase length for the given extranonce sizes. */
    public int coinbaseLength(int extranonce1Size, int extranonce2Size) {
        return coinbase1.length + extranonce1Size + extranonce2Size + coinbase2.length;
    }

    /**
     * Writes coinb1 | extranonce1 | extranonce2 | coinb2 into {@code dst} from offset 0 and returns the length.
     * {@code extranonce2} holds the bytes big-endian in its low {@code extranonce2Size} bytes.
     */
    public int writeCoinbase(byte[] dst, byte[] extranonce1, long extranonce2, int extranonce2Size) {
        int pos = coinbase1.length;
        System.arraycopy(coinbase1, 0, dst, 0, pos);
        System.arraycopy(extranonce1, 0, dst, pos, extranonce1.length);
        pos += extranonce1.length;
        for (int i = extranonce2Size - 1; i >= 0; i--) {
            dst[pos++] = (byte) (extranonce2 >>> (8 * i));
        }
        System.arraycopy(coinbase2, 0, dst, pos, coinbase2.length);
        return pos + coinbase2.length;
    }

    /** Copies the 80-byte header with version, prevhash, ntime and bits set; merkle root and nonce zero. */
    public void copyHeaderTemplate(byte[] dst) {
        System.arraycopy(headerTemplate, 0, dst, 0, HEADER_SIZE);
    }

    @Override
    public String toString() {
        return "Job[" + idHex + " height=" + height + " prev=" + prevHash + " clean=" + cleanJobs + "]";
    }

    /** Assembles a job; {@link #build()} validates. */
    public static final class Builder {
        private long id;
        private int height;
        private Hash256 prevHash;
        private byte[] coinbase1;
        private byte[] coinbase2;
        private MerkleBranch merkleBranch = MerkleBranch.EMPTY;
        private int version;
        private CompactBits bits;
        private int ntime;
        private Integer minTime;
        private boolean cleanJobs;

        private Builder() {}

        public Builder id(long id) {
            this.id = id;
            return this;
        }

        public Builder height(int height) {
            this.height = height;
            return this;
        }

        public Builder prevHash(Hash256 prevHash) {
            this.prevHash = prevHash;
            return this;
        }

        public Builder coinbase1(byte[] coinbase1) {
            this.coinbase1 = coinbase1;
            return this;
        }

        public Builder coinbase2(byte[] coinbase2) {
            this.coinbase2 = coinbase2;
            return this;
        }

        public Builder merkleBranch(MerkleBranch merkleBranch) {
            this.merkleBranch = merkleBranch;
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder bits(CompactBits bits) {
            this.bits = bits;
            return this;
        }

        public Builder ntime(int ntime) {
            this.ntime = ntime;
            return this;
        }

        public Builder minTime(int minTime) {
            this.minTime = minTime;
            return this;
        }

        public Builder cleanJobs(boolean cleanJobs) {
            this.cleanJobs = cleanJobs;
            return this;
        }

        public Job build() {
            return new Job(this);
        }
    }
}
