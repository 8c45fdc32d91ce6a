package org.sovereignpool.stratum.codec;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes allocated per decoded {@code mining.submit} line, by the decoder as it runs (plain lines scanned without a
 * parser) and by the Jackson-only path it had before, measured with the JDK's per-thread allocation counter. Not a
 * unit test: run by hand (the command is in the commit that added it), no arguments, or {@code LINES ROUNDS}.
 */
public final class DecodeAllocation {
    private DecodeAllocation() {}

    /** A decode function without boxing the length. */
    private interface Decoder {
        Object decode(byte[] bytes, int length);
    }

    public static void main(String[] args) {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[][] submits = new byte[1024][];
        for (int i = 0; i < submits.length; i++) {
            submits[i] = ("{\"id\":" + (1000 + i) + ",\"method\":\"mining.submit\",\"params\":[\"nordhash.rig-"
                            + (i % 64) + "\",\"" + String.format(Locale.ROOT, "%016x", i / 8) + "\",\""
                            + String.format(Locale.ROOT, "%08x", i * 7919) + "\",\"6b05c52e\",\""
                            + String.format(Locale.ROOT, "%08x", i * 104729) + "\",\"00002000\"]}")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        System.out.println(
                "line: " + new String(submits[0], StandardCharsets.US_ASCII) + " (" + submits[0].length + " bytes)");
        for (int round = 0; round < rounds; round++) { // the first rounds warm up
            measure("jackson only", JsonRpcDecoder::decodeWithJackson, submits, lines, round);
            measure("decode      ", JsonRpcDecoder::decode, submits, lines, round);
        }
    }

    private static void measure(String name, Decoder decoder, byte[][] lines, int count, int round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        Object[] sink = new Object[256]; // the results escape, as they do into the pipeline's output list
        threads.getThreadAllocatedBytes(id);
        long bytes0 = threads.getThreadAllocatedBytes(id);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            byte[] line = lines[i & (lines.length - 1)];
            sink[i & (sink.length - 1)] = decoder.decode(line, line.length);
        }
        long nanos = System.nanoTime() - t0;
        long bytes = threads.getThreadAllocatedBytes(id) - bytes0;
        System.out.printf(
                Locale.ROOT,
                "round %d %s: %.1f bytes/line, %.0f ns/line%n",
                round,
                name,
                (double) bytes / count,
                (double) nanos / count);
    }
}
