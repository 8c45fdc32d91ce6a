package org.sovereignpool.testing.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sovereignpool.job.BlockTemplate;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.sim.chain.SimulatedChain;

/** The recorded Bitcoin Core replies in src/test/resources/fixtures (sources in the README there). */
public final class NodeFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The hash of regtest block 112 (blockheader-112-regtest.json). */
    public static final Hash256 BLOCK_112 =
            Hash256.fromDisplayHex("00000000670091fdbab88e7ba5ba844fd27501de6d056765a51e6aeb6e5069da");
    /** Its parent, the tip when gbt-with-txs.json was recorded. */
    public static final Hash256 BLOCK_111 =
            Hash256.fromDisplayHex("147c4fda128e7a8f3576909d6fee1692f1fbb66474f0ffdee9d665c4ede81c90");
    /** The time of block 112, a second the recorded chain accepts blocks at. */
    public static final long BLOCK_112_TIME = 1795540270L;
    /** A clock stopped at {@link #BLOCK_112_TIME}. */
    public static final Clock AT_BLOCK_112 = Clock.fixed(Instant.ofEpochSecond(BLOCK_112_TIME), ZoneOffset.UTC);

    /** The scriptPubKey block 112's coinbase pays (P2WPKH of bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c). */
    public static byte[] treasuryScript() {
        return Hex.decode("00145718787757d6de1735a1b4e47126f98fdaf3941e");
    }

    /** A simulated chain continuing from the recorded template at height 112, at difficulty 1, stopped clock. */
    public static SimulatedChain chainFrom112(long seed) {
        return SimulatedChain.fromTemplate(
                template112(), SimulatedChain.Settings.regtest(Difficulty.ONE, seed), AT_BLOCK_112);
    }

    private NodeFixtures() {}

    public static String text(String name) {
        try (InputStream in = NodeFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(
                    Objects.requireNonNull(in, "missing fixture " + name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BlockTemplate template112() {
        return BlockTemplate.parse(json("gbt-with-txs.json"));
    }

    public static byte[] block112() {
        return Hex.decode(text("block-112-regtest.hex").strip());
    }

    /** submitblock-replies.txt as case → reply, in file order. */
    public static Map<String, String> submitblockReplies() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text("submitblock-replies.txt").lines().toList()) {
            int arrow = line.indexOf("=>");
            if (arrow > 0) {
                out.put(
                        line.substring(0, arrow).strip(),
                        line.substring(arrow + 2).strip());
            }
        }
        return out;
    }
}
