package org.sovereignpool.stratum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.DemoConfig;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/** Configurations and jobs for Stratum tests. */
public final class TestPools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPools() {}

    /** Settings a test changes; the rest is the demo configuration (regtest, operators demo, volta, ...). */
    public record Knobs(
            String network,
            double initial,
            double min,
            double max,
            boolean vardiff,
            int maxConnectionsPerIp,
            int authorizeTimeoutSeconds,
            int idleTimeoutSeconds,
            int maxMalformedLines,
            int jobRefreshSeconds,
            int extranonce2Size) {
        public static Knobs regtest(double difficulty) {
            return new Knobs("regtest", difficulty, 1e-12, 1e12, false, 0, 30, 600, 5, 60, 4);
        }

        public Knobs withVardiff(boolean on) {
            return new Knobs(
                    network,
                    initial,
                    min,
                    max,
                    on,
                    maxConnectionsPerIp,
                    authorizeTimeoutSeconds,
                    idleTimeoutSeconds,
                    maxMalformedLines,
                    jobRefreshSeconds,
                    extranonce2Size);
        }

        public Knobs withLimits(int perIp, int authorizeTimeout, int idleTimeout) {
            return new Knobs(
                    network,
                    initial,
                    min,
                    max,
                    vardiff,
                    perIp,
                    authorizeTimeout,
                    idleTimeout,
                    maxMalformedLines,
                    jobRefreshSeconds,
                    extranonce2Size);
        }

        public Knobs withMaxMalformed(int n) {
            return new Knobs(
                    network,
                    initial,
                    min,
                    max,
                    vardiff,
                    maxConnectionsPerIp,
                    authorizeTimeoutSeconds,
                    idleTimeoutSeconds,
                    n,
                    jobRefreshSeconds,
                    extranonce2Size);
        }

        public Knobs withJobRefresh(int seconds) {
            return new Knobs(
                    network,
                    initial,
                    min,
                    max,
                    vardiff,
                    maxConnectionsPerIp,
                    authorizeTimeoutSeconds,
                    idleTimeoutSeconds,
                    maxMalformedLines,
                    seconds,
                    extranonce2Size);
        }
    }

    public static PoolConfig config(Knobs k) {
        return ConfigLoader.parse(yaml(k), "<test>");
    }

    /**
     * The demo configuration's text with the knobs applied and without its site for this machine (so the per-address
     * cap applies to the loopback clients of tests).
     */
    public static String yaml(Knobs k) {
        String yaml = withoutSites(DemoConfig.yaml());
        yaml = replaceLine(yaml, "  maxConnectionsPerIp:", "  maxConnectionsPerIp: " + k.maxConnectionsPerIp());
        yaml = replaceLine(
                yaml, "  authorizeTimeoutSeconds:", "  authorizeTimeoutSeconds: " + k.authorizeTimeoutSeconds());
        yaml = replaceLine(yaml, "  idleTimeoutSeconds:", "  idleTimeoutSeconds: " + k.idleTimeoutSeconds());
        yaml = replaceLine(yaml, "  maxMalformedLines:", "  maxMalformedLines: " + k.maxMalformedLines());
        yaml = replaceLine(yaml, "  jobRefreshSeconds:", "  jobRefreshSeconds: " + k.jobRefreshSeconds());
        yaml = replaceLine(yaml, "  extranonce2Size:", "  extranonce2Size: " + k.extranonce2Size());
        yaml = replaceLine(yaml, "  initial:", "  initial: " + k.initial());
        yaml = replaceLine(yaml, "  min:", "  min: " + k.min());
        yaml = replaceLine(yaml, "  max:", "  max: " + k.max());
        yaml = replaceLine(yaml, "    enabled:", "    enabled: " + k.vardiff());
        return yaml;
    }

    /**
     * Sets (or adds) a key directly under {@code stratum:}, replacing its nested block if it had one, e.g. {@code
     * withStratumKey(yaml, "bans", "{invalidShares: 5}")}.
     */
    public static String withStratumKey(String yaml, String key, String value) {
        String prefix = "  " + key + ":";
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        boolean inBlock = false;
        for (String line : yaml.split("\n", -1)) {
            if (inBlock && line.startsWith("    ")) {
                continue;
            }
            inBlock = false;
            if (!replaced && line.startsWith(prefix)) {
                out.add(prefix + " " + value);
                replaced = true;
                inBlock = true;
                continue;
            }
            out.add(line);
            if (!replaced && line.equals("stratum:") && yaml.lines().noneMatch(l -> l.startsWith(prefix))) {
                out.add(prefix + " " + value);
                replaced = true;
            }
        }
        return String.join("\n", out);
    }

    /** Removes the line of a key directly under {@code stratum:}, so that its default applies. */
    public static String withoutStratumKey(String yaml, String key) {
        String prefix = "  " + key + ":";
        return String.join("\n", yaml.lines().filter(l -> !l.startsWith(prefix)).toList());
    }

    private static String withoutSites(String yaml) {
        List<String> out = new ArrayList<>();
        boolean inSites = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.equals("  sites:")) {
                inSites = true;
                continue;
            }
            if (inSites && line.startsWith("    ")) {
                continue;
            }
            inSites = false;
            out.add(line);
        }
        return String.join("\n", out);
    }

    private static String replaceLine(String yaml, String prefix, String replacement) {
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String line : yaml.split("\n", -1)) {
            if (!done && line.startsWith(prefix)) {
                out.add(replacement);
                done = true;
            } else {
                out.add(line);
            }
        }
        if (!done) {
            throw new IllegalStateException("no line " + prefix + " in the demo configuration");
        }
        return String.join("\n", out);
    }

    public static String fixture(String name) {
        try (InputStream in = TestPools.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The params of the recorded mining.notify for {@code jobId} in the cpuminer session. */
    public static JsonNode recordedNotify(String jobId) {
        for (String line : fixture("cpuminer-session.log").lines().toList()) {
            if (line.contains("\"mining.notify\"") && line.contains("\"" + jobId + "\"")) {
                try {
                    return JSON.readTree(line.substring(line.indexOf('{'))).get("params");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException("no notify for " + jobId);
    }

    /** The job of a recorded notify, as the pool built it (regtest bits 207fffff: about half of all hashes are blocks). */
    public static Job recordedJob(String jobId) {
        return jobFromNotify(recordedNotify(jobId), null, null);
    }

    /**
     * The recorded job 6b05c4e300000003 with other bits and ntime: with bits 1d00ffff (difficulty 1) a share at a tiny
     * difficulty is almost never a block, so tests get ordinary shares.
     */
    public static Job hardJob(long id, int ntime) {
        return jobFromNotify(recordedNotify("6b05c4e300000003"), id, ntime);
    }

    public static Job jobFromNotify(JsonNode p, Long id, Integer ntime) {
        List<String> branch = new ArrayList<>();
        p.get(4).forEach(h -> branch.add(h.asText()));
        return Job.builder()
                .id(id != null ? id : Job.parseId(p.get(0).asText()))
                .height(112)
                .prevHash(Hash256.fromStratumPrevHash(p.get(1).asText()))
                .coinbase1(Hex.decode(p.get(2).asText()))
                .coinbase2(Hex.decode(p.get(3).asText()))
                .merkleBranch(MerkleBranch.fromStratumHex(branch))
                .version((int) Hex.parseUint32(p.get(5).asText()))
                .bits(
                        id != null
                                ? CompactBits.fromHex("1d00ffff")
                                : CompactBits.fromHex(p.get(6).asText()))
                .ntime(ntime != null ? ntime : (int) Hex.parseUint32(p.get(7).asText()))
                .cleanJobs(p.get(8).asBoolean())
                .build();
    }
}
