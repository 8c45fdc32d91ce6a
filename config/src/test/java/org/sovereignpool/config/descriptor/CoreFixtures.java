package org.sovereignpool.config.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin Core's descriptor replies, recorded from v29.99.0 on regtest (src/test/resources/fixtures/README.md; copied
 * from shared/fixtures/bitcoin-core/recorded-2026-11-29, section 6 of its README).
 */
public final class CoreFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The four recorded descriptor kinds, named after their files. */
    public enum Kind {
        WPKH("01-wpkh", OutputDescriptor.Kind.WPKH),
        WSH_SORTEDMULTI_2_OF_3("02-wsh-sortedmulti-2of3", OutputDescriptor.Kind.WSH_SORTEDMULTI),
        TR("03-tr", OutputDescriptor.Kind.TR),
        SH_WPKH("04-sh-wpkh", OutputDescriptor.Kind.SH_WPKH);

        final String file;
        final OutputDescriptor.Kind kind;

        Kind(String file, OutputDescriptor.Kind kind) {
            this.file = file;
            this.kind = kind;
        }

        /** The {@code result} of getdescriptorinfo: descriptor (with #checksum), checksum, isrange, ... */
        JsonNode info() {
            return result("desc-" + file + "-getdescriptorinfo.json");
        }

        /** The descriptor with its checksum, exactly as getdescriptorinfo returned it. */
        public String descriptor() {
            return info().get("descriptor").textValue();
        }

        /** deriveaddresses [0,9]: ten addresses, index 0 first. */
        public List<String> addresses() {
            List<String> out = new ArrayList<>();
            result("desc-" + file + "-deriveaddresses-0-9.json").forEach(a -> out.add(a.textValue()));
            return out;
        }

        String wrongChecksumFile() {
            return "desc-" + file + "-getdescriptorinfo-wrong-checksum.json";
        }
    }

    private CoreFixtures() {}

    static JsonNode read(String file) {
        try (InputStream in = CoreFixtures.class.getResourceAsStream("/fixtures/descriptors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode result(String file) {
        JsonNode reply = read(file);
        if (!reply.get("error").isNull()) {
            throw new IllegalStateException(file + " is an error reply");
        }
        return reply.get("result");
    }

    /** The error message of an error reply. */
    public static String errorMessage(String file) {
        return read(file).get("error").get("message").textValue();
    }

    /** The first parameter of the recorded request for {@code file} (from index.json). */
    public static String requestDescriptor(String file) {
        for (JsonNode entry : read("desc-index.json")) {
            if (entry.get("file").textValue().equals(file)) {
                try {
                    return JSON.readTree(entry.get("request").textValue())
                            .get("params")
                            .get(0)
                            .textValue();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no request recorded for " + file);
    }

    /** T0, T1, T2: the three regtest master tpubs the descriptors use. */
    public static List<String> tpubs() {
        try (InputStream in = CoreFixtures.class.getResourceAsStream("/fixtures/descriptors/desc-00-tpubs.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
