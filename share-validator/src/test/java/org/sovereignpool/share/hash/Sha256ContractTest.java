package org.sovereignpool.share.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract every {@link Sha256} meets, run against each implementation (and the vector batch
 * through both its single-header and its batch entry points). Known answers from FIPS 180-2 appendix B
 * and the Bitcoin genesis block; everything else is cross-checked against {@link MessageDigest} with seeded
 * random inputs.
 */
class Sha256ContractTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Block 0 header, as serialized on the wire (bitcoin/bitcoin src/kernel/chainparams.cpp). */
    static final String GENESIS_HEADER = "0100000000000000000000000000000000000000000000000000000000000000"
            + "000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";

    /** Block 0 hash as explorers display it (the digest bytes reversed). */
    static final String GENESIS_DISPLAY_HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";

    static Stream<Named<Supplier<Sha256>>> implementations() {
        List<Named<Supplier<Sha256>>> list = new ArrayList<>();
        list.add(Named.of("jdk", Sha256s::jdk));
        list.add(Named.of("scalar", Sha256s::scalar));
        list.add(Named.of("fastest", Sha256s::fastest));
        if (Sha256s.vectorAvailable()) {
            list.add(Named.of("vector (single-header entry points)", Sha256s::vectorBatchOrNull));
            list.add(
                    Named.of("vector (batch entry point, count 1)", () -> new BatchOfOne(Sha256s.vectorBatchOrNull())));
        }
        return list.stream();
    }

    static Stream<Named<Supplier<BatchHeaderHasher>>> batchImplementations() {
        return Sha256s.vectorBatch().isPresent()
                ? Stream.of(Named.of("vector", Sha256s::vectorBatchOrNull))
                : Stream.empty();
    }

    static Stream<Arguments> implementationsAndSeeds() {
        return implementations().flatMap(impl -> IntStream.of(1, 2, 3).mapToObj(seed -> Arguments.of(impl, seed)));
    }

    // ---------------------------------------------------------------- known answers

    @ParameterizedTest
    @MethodSource("implementations")
    void fipsKnownAnswers(Supplier<Sha256> impl) {
        Sha256 sha = impl.get();
        assertThat(hash(sha, ascii("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hash(sha, new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hash(sha, ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        assertThat(hash(sha, million)).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void paddingEdges(Supplier<Sha256> impl) {
        Sha256 sha = impl.get();
        Random random = new Random(55);
        for (int len : new int[] {1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129}) {
            byte[] message = new byte[len];
            random.nextBytes(message);
            assertThat(hash(sha, message)).as("length %d", len).isEqualTo(HEX.formatHex(oracle(message)));
            assertThat(doubleHash(sha, message))
                    .as("double, length %d", len)
                    .isEqualTo(HEX.formatHex(oracle(oracle(message))));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void genesisBlockHeader(Supplier<Sha256> impl) {
        Sha256 sha = impl.get();
        byte[] header = HEX.parseHex(GENESIS_HEADER);
        byte[] out = new byte[32];
        sha.doubleHashHeader(header, 0, out, 0);
        assertThat(HEX.formatHex(reversed(out))).isEqualTo(GENESIS_DISPLAY_HASH);
        sha.doubleHash(header, 0, 80, out, 0);
        assertThat(HEX.formatHex(reversed(out))).isEqualTo(GENESIS_DISPLAY_HASH);
    }

    // ---------------------------------------------------------------- random cross-checks

    @ParameterizedTest
    @MethodSource("implementationsAndSeeds")
    void randomMessagesAtRandomOffsets(Supplier<Sha256> impl, int seed) {
        Sha256 sha = impl.get();
        Random random = new Random(seed);
        byte[] in = new byte[400];
        byte[] out = new byte[64];
        for (int i = 0; i < 300; i++) {
            random.nextBytes(in);
            int len = random.nextInt(301);
            int off = random.nextInt(in.length - len + 1);
            int outOff = random.nextInt(33);
            byte[] message = Arrays.copyOfRange(in, off, off + len);
            byte[] before = out.clone();

            sha.hash(in, off, len, out, outOff);
            assertThat(Arrays.copyOfRange(out, outOff, outOff + 32)).isEqualTo(oracle(message));
            assertUntouchedOutside(out, before, outOff);

            before = out.clone();
            sha.doubleHash(in, off, len, out, outOff);
            assertThat(Arrays.copyOfRange(out, outOff, outOff + 32)).isEqualTo(oracle(oracle(message)));
            assertUntouchedOutside(out, before, outOff);
        }
    }

    @ParameterizedTest
    @MethodSource("implementationsAndSeeds")
    void randomHeaders(Supplier<Sha256> impl, int seed) {
        Sha256 sha = impl.get();
        Random random = new Random(seed);
        byte[] buffer = new byte[200];
        byte[] out = new byte[40];
        for (int i = 0; i < 500; i++) {
            // mostly nonce rolling on a shared prefix, sometimes a whole new header
            if (i % 7 == 0) {
                random.nextBytes(buffer);
            }
            int off = random.nextInt(buffer.length - 80 + 1);
            for (int b = 76; b < 80; b++) {
                buffer[off + b] = (byte) random.nextInt();
            }
            int outOff = random.nextInt(9);
            sha.doubleHashHeader(buffer, off, out, outOff);
            assertThat(Arrays.copyOfRange(out, outOff, outOff + 32))
                    .isEqualTo(oracle(oracle(Arrays.copyOfRange(buffer, off, off + 80))));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void midstateCacheInvalidation(Supplier<Sha256> impl) {
        Sha256 sha = impl.get();
        Random random = new Random(64);
        byte[] header = new byte[80];
        random.nextBytes(header);
        assertHeader(sha, header, "first");
        header[79]++;
        assertHeader(sha, header, "nonce only");
        for (int b = 64; b < 80; b++) {
            header[b] = (byte) random.nextInt();
        }
        assertHeader(sha, header, "last 16 bytes");
        header[0]++;
        assertHeader(sha, header, "byte 0");
        header[63]++;
        assertHeader(sha, header, "byte 63");
        header[32] ^= 1;
        assertHeader(sha, header, "byte 32");
        // the same header at another offset of another array
        byte[] shifted = new byte[93];
        System.arraycopy(header, 0, shifted, 13, 80);
        byte[] out = new byte[32];
        sha.doubleHashHeader(shifted, 13, out, 0);
        assertThat(out).isEqualTo(oracle(oracle(header)));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void rejectsRangesOutsideTheArrays(Supplier<Sha256> impl) {
        Sha256 sha = impl.get();
        assertThatThrownBy(() -> sha.hash(new byte[10], 5, 6, new byte[32], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> sha.doubleHash(new byte[10], 0, 10, new byte[40], 9))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> sha.doubleHashHeader(new byte[80], 1, new byte[32], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---------------------------------------------------------------- batches

    @ParameterizedTest
    @MethodSource("batchImplementations")
    void batchesOfEveryCountWithAndWithoutSharedPrefix(Supplier<BatchHeaderHasher> impl) {
        BatchHeaderHasher batch = impl.get();
        Random random = new Random(16);
        int lanes = batch.lanes();
        assertThat(lanes).isPositive();
        for (boolean shared : new boolean[] {true, false}) {
            for (int count = 0; count <= lanes; count++) {
                int headersOff = random.nextInt(17);
                int outOff = random.nextInt(17);
                byte[] headers = new byte[headersOff + 80 * count + 11];
                random.nextBytes(headers);
                if (shared) {
                    for (int i = 1; i < count; i++) {
                        System.arraycopy(headers, headersOff, headers, headersOff + 80 * i, 64);
                    }
                } else if (count > 1) {
                    // differ in one byte of the first 64 only, in the last header
                    System.arraycopy(headers, headersOff, headers, headersOff + 80 * (count - 1), 64);
                    headers[headersOff + 80 * (count - 1) + random.nextInt(64)]++;
                }
                byte[] out = new byte[outOff + 32 * count + 7];
                random.nextBytes(out);
                byte[] before = out.clone();
                batch.doubleHashHeaders(headers, headersOff, count, out, outOff);
                for (int i = 0; i < count; i++) {
                    int h = headersOff + 80 * i;
                    assertThat(Arrays.copyOfRange(out, outOff + 32 * i, outOff + 32 * i + 32))
                            .as("shared %s, count %d, header %d", shared, count, i)
                            .isEqualTo(oracle(oracle(Arrays.copyOfRange(headers, h, h + 80))));
                }
                assertThat(Arrays.copyOfRange(out, 0, outOff)).isEqualTo(Arrays.copyOfRange(before, 0, outOff));
                assertThat(Arrays.copyOfRange(out, outOff + 32 * count, out.length))
                        .isEqualTo(Arrays.copyOfRange(before, outOff + 32 * count, out.length));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("batchImplementations")
    void batchMidstateCacheInvalidation(Supplier<BatchHeaderHasher> impl) {
        BatchHeaderHasher batch = impl.get();
        Random random = new Random(80);
        int lanes = batch.lanes();
        byte[] headers = new byte[80 * lanes];
        byte[] prefix = new byte[64];
        random.nextBytes(prefix);
        String[] steps = {"first", "last 16 bytes", "byte 0", "byte 63", "single header", "back to full batch"};
        for (String step : steps) {
            switch (step) {
                case "byte 0" -> prefix[0]++;
                case "byte 63" -> prefix[63]++;
                default -> {}
            }
            random.nextBytes(headers);
            for (int i = 0; i < lanes; i++) {
                System.arraycopy(prefix, 0, headers, 80 * i, 64);
            }
            int count = step.equals("single header") ? 1 : lanes;
            byte[] out = new byte[32 * count];
            batch.doubleHashHeaders(headers, 0, count, out, 0);
            for (int i = 0; i < count; i++) {
                assertThat(Arrays.copyOfRange(out, 32 * i, 32 * i + 32))
                        .as("%s, header %d", step, i)
                        .isEqualTo(oracle(oracle(Arrays.copyOfRange(headers, 80 * i, 80 * i + 80))));
            }
            // interleave single-header calls, which share the scalar midstate cache
            byte[] single = new byte[32];
            batch.doubleHashHeader(headers, 0, single, 0);
            assertThat(single).isEqualTo(Arrays.copyOfRange(out, 0, 32));
        }
    }

    @ParameterizedTest
    @MethodSource("batchImplementations")
    void batchRejectsBadCountsAndRanges(Supplier<BatchHeaderHasher> impl) {
        BatchHeaderHasher batch = impl.get();
        int lanes = batch.lanes();
        byte[] headers = new byte[80 * (lanes + 1)];
        byte[] out = new byte[32 * (lanes + 1)];
        assertThatThrownBy(() -> batch.doubleHashHeaders(headers, 0, lanes + 1, out, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.doubleHashHeaders(headers, 0, -1, out, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.doubleHashHeaders(headers, 81, lanes, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.doubleHashHeaders(headers, 0, 2, new byte[63], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static void assertHeader(Sha256 sha, byte[] header, String step) {
        byte[] out = new byte[32];
        sha.doubleHashHeader(header, 0, out, 0);
        assertThat(out).as(step).isEqualTo(oracle(oracle(header)));
    }

    private static void assertUntouchedOutside(byte[] out, byte[] before, int outOff) {
        assertThat(Arrays.copyOfRange(out, 0, outOff)).isEqualTo(Arrays.copyOfRange(before, 0, outOff));
        assertThat(Arrays.copyOfRange(out, outOff + 32, out.length))
                .isEqualTo(Arrays.copyOfRange(before, outOff + 32, out.length));
    }

    private static String hash(Sha256 sha, byte[] message) {
        byte[] out = new byte[32];
        sha.hash(message, 0, message.length, out, 0);
        return HEX.formatHex(out);
    }

    private static String doubleHash(Sha256 sha, byte[] message) {
        byte[] out = new byte[32];
        sha.doubleHash(message, 0, message.length, out, 0);
        return HEX.formatHex(out);
    }

    static byte[] oracle(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] reversed(byte[] bytes) {
        byte[] r = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            r[i] = bytes[bytes.length - 1 - i];
        }
        return r;
    }

    /** Routes single headers through the batch entry point with a count of 1. */
    private record BatchOfOne(BatchHeaderHasher batch) implements Sha256 {
        @Override
        public String name() {
            return batch.name() + "-batch1";
        }

        @Override
        public void hash(byte[] in, int off, int len, byte[] out, int outOff) {
            batch.hash(in, off, len, out, outOff);
        }

        @Override
        public void doubleHash(byte[] in, int off, int len, byte[] out, int outOff) {
            batch.doubleHash(in, off, len, out, outOff);
        }

        @Override
        public void doubleHashHeader(byte[] header, int off, byte[] out, int outOff) {
            batch.doubleHashHeaders(header, off, 1, out, outOff);
        }
    }
}
