package org.sovereignpool.sim.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.share.model.Hex;

/**
 * The Bitcoin Core v29.99 recordings in src/test/resources/fixtures/core-2026-11-29 (copied from
 * shared/fixtures/bitcoin-core/recorded-2026-11-29; its README describes each file): bodies, blocks, and the exact
 * request of each reply from index.json with its placeholders filled in.
 */
final class Recordings {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "/fixtures/core-2026-11-29/";
    private static final Pattern HEX_OF = Pattern.compile("<hex of ([^>]+)>");
    private static final Pattern RESULT_OF = Pattern.compile("<hex = result of ([^>]+)>");
    private static final Map<String, JsonNode> INDEX = loadIndex();

    private Recordings() {}

    private static Map<String, JsonNode> loadIndex() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode e : json("index.json")) {
            m.put(e.get("file").asText(), e);
        }
        return m;
    }

    static byte[] bytes(String file) {
        try (InputStream in = Recordings.class.getResourceAsStream(DIR + file)) {
            return Objects.requireNonNull(in, "missing recording " + file).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    static JsonNode json(String file) {
        try {
            return JSON.readTree(bytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index entry of a recorded file. */
    static JsonNode entry(String file) {
        return Objects.requireNonNull(INDEX.get(file), "no index entry for " + file);
    }

    static int status(String file) {
        return entry(file).get("http_status").asInt();
    }

    /** The exact request body sent for a recorded reply, its block-hex placeholders filled in. */
    static String request(String file) {
        String r = entry(file).get("request").asText();
        Matcher hex = HEX_OF.matcher(r);
        if (hex.find()) {
            r = r.replace(hex.group(), text(hex.group(1)).strip());
        }
        Matcher result = RESULT_OF.matcher(r);
        if (result.find()) {
            r = r.replace(result.group(), json(result.group(1)).get("result").asText());
        }
        return r;
    }

    /** A recorded block (a .hex file: the hex sent to submitblock plus a newline). */
    static byte[] block(String hexFile) {
        return Hex.decode(text(hexFile).strip());
    }

    /** A recorded getblocktemplate reply, parsed. */
    static BlockTemplate template(String file) {
        return BlockTemplate.parse(json(file).get("result"));
    }
}
