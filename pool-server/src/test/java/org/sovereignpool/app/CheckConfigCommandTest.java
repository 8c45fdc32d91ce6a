package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.config.DemoConfig;
import picocli.CommandLine;

class CheckConfigCommandTest {
    /**
     * Bitcoin Core's 2-of-3 vector and its first two addresses (shared/fixtures/bitcoin-core/recorded-2026-11-29,
     * desc-02-wsh-sortedmulti-2of3-getdescriptorinfo.json and -deriveaddresses-0-9.json).
     */
    private static final String MULTISIG = "wsh(sortedmulti(2,"
            + "tpubD6NzVbkrYhZ4WmDXgFvyU7X9pihFaXnt2QsGiSe9wQq2nycUBJhFASAYroBMh2jx6m4o2ZQENrYPzCwngX6y6u8nuW1m5u429JGE"
            + "ctg3Mcb/0/*,"
            + "tpubD6NzVbkrYhZ4WoWWqRAB9zfko6RfBQ6MAdoHXKxsfkbdEmzYAAD3PFpiGcDgHFtUhodcGWFF9YUqWjSZ6mbXqx8k9UEdtJrAFuNo"
            + "SMbsDkm/0/*,"
            + "tpubD6NzVbkrYhZ4XrxApd7R2Mnx9TrbxSpUh8ELfaa487C3kPEdDn6xPAu2VERD6sNEzVZF5Y98JBseCPxS4cgtAaQkS2FjoGg8PQwh"
            + "8FTAFn3/0/*))#vzcua83r";

    private static final String INDEX_0 = "bcrt1qdgx7a62gjyd7spv8ryq0gqz8wcrcgragjxfrm6afxy3kg5q8dc9qtskwlc";
    private static final String INDEX_1 = "bcrt1qwgufmy5vg3juntgan2w2v6gh9xaj3jhjt3hhy620a85scsuq5wdskfghcg";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mainnet", "testnet4", "signet", "regtest"})
    void everyExampleConfigInOpsIsValid(String network) {
        Path file = Path.of("..", "ops", "config", network + ".yaml");
        assertThat(file).exists();
        assertThat(run("check-config", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(": OK").contains("network   " + network);
    }

    @Test
    void theEdgeLimitsAreExplainedOneKeyALine() {
        assertThat(run(
                        "check-config",
                        Path.of("..", "ops", "config", "mainnet.yaml").toString()))
                .isZero();
        assertThat(out.toString())
                .contains(explained(
                        "stratum.maxConnectionsPerIp", "64 connections at once per address outside the sites"))
                .contains(explained(
                        "stratum.sites",
                        "akosombo-1 203.0.113.7/32: 20000 connections from the whole range; never banned"))
                .contains(explained("stratum.requestsPerSecond/requestBurst", "20 requests a second, bursts of 600"))
                .contains(explained(
                        "stratum.bans", "an address is banned for 600 s after, within 600 s, 500 invalid shares"))
                .contains(explained("http.headerTimeoutSeconds", "10 s for a request to arrive whole"));
        String limits = CheckConfigCommand.limits(DemoConfig.load(), 20_000);
        assertThat(limits)
                .contains(explained(
                        "stratum.maxConnections",
                        "0: as many as the file limit allows; in force here: 18976 (this process may open 20000"
                                + " files)"));
        for (String key : new String[] {
            "maxConnections",
            "reservedFileDescriptors",
            "maxConnectionsPerIp",
            "sites",
            "maxWorkersPerConnection",
            "requestsPerSecond",
            "writeBufferHighWaterMarkBytes",
            "maxOutboundBytes",
            "unwritableTimeoutSeconds",
            "bans"
        }) {
            assertThat(limits).contains("stratum." + key);
        }
    }

    private static String explained(String key, String text) {
        return String.format("    %-38s %s", key, text);
    }

    @Test
    void theEmptyJobOnANewBlockIsExplainedOnOrOff(@TempDir Path dir) throws IOException {
        assertThat(run("check-config", "--demo")).isZero();
        assertThat(out.toString())
                .contains("job.emptyJobOnNewBlock true: on a new block, a clean job with no transactions");
        String demo;
        try (InputStream in = DemoConfig.class.getResourceAsStream(DemoConfig.RESOURCE)) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path off = Files.writeString(dir.resolve("off.yaml"), demo + "\njob:\n  emptyJobOnNewBlock: false\n");
        assertThat(run("check-config", off.toString())).isZero();
        assertThat(out.toString())
                .contains("job.emptyJobOnNewBlock false: on a new block, miners wait for the full template");
    }

    @Test
    void theDemoConfigIsValid() {
        assertThat(run("check-config", "--demo")).isZero();
        assertThat(out.toString()).contains("built-in demo configuration: OK").contains("demo ");
    }

    @Test
    void errorsNameTheKeyAndExitWith2(@TempDir Path dir) throws IOException {
        String demo;
        try (InputStream in = DemoConfig.class.getResourceAsStream(DemoConfig.RESOURCE)) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad, demo.replace("port: 3333", "port: 70000").replace("network: regtest", "netwrok: regtest"));
        assertThat(run("check-config", bad.toString())).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString())
                .contains("stratum.listeners[0].port: must be 1..65535, got 70000")
                .contains("netwrok: unknown key; did you mean 'network'?");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThat(run("check-config", missing.toString())).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString()).contains("nope.yaml");
    }

    private static Path config(Path dir, String treasury) throws IOException {
        return Files.writeString(dir.resolve("pool.yaml"), """
                network: regtest
                treasury:
                %s
                nodes:
                  - rpcUrl: http://127.0.0.1:1
                    rpcUser: pool
                    rpcPassword: pool
                ledger:
                  journalDir: %s
                operators:
                  - id: acme
                    name: Acme Mining
                    allocationMw: 10
                """.formatted(treasury, dir.resolve("journal")));
    }

    @Test
    void checkConfigShowsTheDescriptorItsFormAndTheFirstAddresses(@TempDir Path dir) throws IOException {
        Path file = config(dir, "  descriptor: \"" + MULTISIG + "\"");
        assertThat(run("check-config", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("  treasury  " + MULTISIG + " (P2WSH)\n")
                .contains("            2 of 3 keys, a fresh address per found block; index 0 " + INDEX_0 + ", index 1 "
                        + INDEX_1 + "\n");
    }

    @Test
    void checkConfigNamesTheKeyOfABadDescriptor(@TempDir Path dir) throws IOException {
        Path file = config(dir, "  descriptor: \"" + MULTISIG.replace("#vzcua83r", "#dzcua83r") + "\"");
        assertThat(run("check-config", file.toString())).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString())
                .contains("treasury.descriptor: Provided checksum 'dzcua83r' does not match computed checksum"
                        + " 'vzcua83r'");
    }

    @Test
    void checkConfigShowsTheRangeOfIndexesThisNodePays(@TempDir Path dir) throws IOException {
        Path file = config(dir, "  descriptor: \"" + MULTISIG + "\"\npool:\n  nodeId: 1");
        assertThat(run("check-config", file.toString())).as(err.toString()).isZero();
        // node 1 starts at 2^23 = 8388608, where node 0's range (0..8388607) ends
        assertThat(out.toString())
                .contains("            this node (pool.nodeId 1) pays indexes 8388608..16777215, from bcrt1q");
    }

    @Test
    void checkConfigNamesTheKeyOfADescriptorWithoutAWildcard(@TempDir Path dir) throws IOException {
        Path file = config(
                dir, "  descriptor: \"" + MULTISIG.replace("/0/*", "/0/1").replace("#vzcua83r", "") + "\"");
        assertThat(run("check-config", file.toString())).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString()).contains("treasury.descriptor: ");
    }
}
