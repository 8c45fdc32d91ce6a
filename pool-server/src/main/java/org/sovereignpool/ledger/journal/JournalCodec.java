package org.sovereignpool.ledger.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk framing of one record: {@code int length | int crc32c(payload) | payload}, big-endian. A length of 0
 * marks the end of the written part of a segment (segments are preallocated with zeros).
 *
 * <p>Payload: {@code long seq | long timeMillis | double difficulty | double achieved | int height | byte flags |
 * byte opLen | op (ASCII) | byte workerLen | worker (ASCII) [| int networkBits]}. Flags: bit 0 block candidate, bit 1
 * the trailing network bits are present (records of journals written before they were are read with bits 0).
 */
final class JournalCodec {
    static final int HEADER = 8;
    static final int FIXED_PAYLOAD = 8 + 8 + 8 + 8 + 4 + 1 + 1 + 1;
    static final int BITS_FIELD = 4;
    static final int MAX_PAYLOAD = FIXED_PAYLOAD + 32 + 64 + BITS_FIELD;
    static final int MAX_RECORD = HEADER + MAX_PAYLOAD;
    private static final int FLAG_CANDIDATE = 1;
    private static final int FLAG_BITS = 2;

    private JournalCodec() {}

    static int recordSize(byte[] operator, byte[] worker) {
        return HEADER + FIXED_PAYLOAD + operator.length + worker.length + BITS_FIELD;
    }

    /** Writes one record at {@code pos} (absolute puts) and returns its size. The caller checked the space. */
    static int encode(
            ByteBuffer dst,
            int pos,
            long seq,
            long timeMillis,
            double difficulty,
            double achieved,
            int height,
            boolean candidate,
            int networkBits,
            byte[] operator,
            byte[] worker) {
        int payload = FIXED_PAYLOAD + operator.length + worker.length + BITS_FIELD;
        int p = pos + HEADER;
        dst.putLong(p, seq);
        dst.putLong(p + 8, timeMillis);
        dst.putDouble(p + 16, difficulty);
        dst.putDouble(p + 24, achieved);
        dst.putInt(p + 32, height);
        dst.put(p + 36, (byte) ((candidate ? FLAG_CANDIDATE : 0) | FLAG_BITS));
        dst.put(p + 37, (byte) operator.length);
        dst.put(p + 38, operator);
        int q = p + 38 + operator.length;
        dst.put(q, (byte) worker.length);
        dst.put(q + 1, worker);
        dst.putInt(q + 1 + worker.length, networkBits);
        CRC32C crc = new CRC32C();
        crc.update(dst.slice(p, payload));
        dst.putInt(pos + 4, (int) crc.getValue());
        // the length goes last, so a crash in the middle of this leaves a zero length or a CRC mismatch
        dst.putInt(pos, payload);
        return HEADER + payload;
    }

    /** Outcome of reading at one position. */
    sealed interface Decoded {}

    /** A valid record of {@code size} bytes. */
    record Ok(JournalRecord record, int size) implements Decoded {}

    /** Zero length: nothing written here yet (or the end of a complete segment). */
    record End() implements Decoded {}

    /** A torn or corrupt record: cut here, never misread. */
    record Bad(String reason) implements Decoded {}

    static final End END = new End();

    /** Reads the record at {@code pos}; {@code limit} is how many bytes of {@code src} are valid. */
    static Decoded decode(ByteBuffer src, int pos, int limit) {
        if (limit - pos < HEADER) {
            return limit - pos == 0 || allZero(src, pos, limit) ? END : new Bad("truncated header");
        }
        int length = src.getInt(pos);
        if (length == 0) {
            return END;
        }
        if (length < FIXED_PAYLOAD || length > MAX_PAYLOAD) {
            return new Bad("impossible length " + length);
        }
        if (limit - pos - HEADER < length) {
            return new Bad("truncated payload");
        }
        int p = pos + HEADER;
        CRC32C crc = new CRC32C();
        crc.update(src.slice(p, length));
        if ((int) crc.getValue() != src.getInt(pos + 4)) {
            return new Bad("CRC32C mismatch");
        }
        int opLen = src.get(p + 37) & 0xff;
        if (38 + opLen + 1 > length) {
            return new Bad("operator length " + opLen + " exceeds the record");
        }
        int workerLen = src.get(p + 38 + opLen) & 0xff;
        int flags = src.get(p + 36);
        boolean hasBits = (flags & FLAG_BITS) != 0;
        if (FIXED_PAYLOAD + opLen + workerLen + (hasBits ? BITS_FIELD : 0) != length) {
            return new Bad("field lengths do not add up to the record length");
        }
        byte[] op = new byte[opLen];
        src.get(p + 38, op);
        byte[] worker = new byte[workerLen];
        src.get(p + 39 + opLen, worker);
        long seq = src.getLong(p);
        if (seq < 1) {
            return new Bad("sequence " + seq);
        }
        JournalRecord record = new JournalRecord(
                seq,
                src.getLong(p + 8),
                new String(op, StandardCharsets.US_ASCII),
                new String(worker, StandardCharsets.US_ASCII),
                src.getDouble(p + 16),
                src.getDouble(p + 24),
                src.getInt(p + 32),
                (flags & FLAG_CANDIDATE) != 0,
                hasBits ? src.getInt(p + 39 + opLen + workerLen) : 0);
        return new Ok(record, HEADER + length);
    }

    private static boolean allZero(ByteBuffer src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
