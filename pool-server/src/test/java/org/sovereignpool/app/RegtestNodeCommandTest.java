package org.sovereignpool.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sovereignpool.testing.node.NodeRpc;
import picocli.CommandLine;

/** {@code sovereign-pool regtest-node}: a stand-in an operator starts by hand, and stops with bitcoin-cli stop. */
class RegtestNodeCommandTest {
    private static final Pattern RPC = Pattern.compile("rpc (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void theNodeServesUntilItIsToldToStopAndPrintsThePoolsConfiguration() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "regtest-node", "--rpc-port", "0", "--zmq-port", "0", "--warmup-ms", "0", "--difficulty", "0.00001"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RPC.matcher(out.toString()).find());
        Matcher m = RPC.matcher(out.toString());
        assertThat(m.find()).isTrue();
        assertThat(out.toString())
                .contains("rpcUser: pool", "rpcPassword: pool-regtest-password", "zmqHashBlock: tcp://127.0.0.1:")
                .contains("bits 1f01869e");
        NodeRpc rpc = new NodeRpc(URI.create(m.group(1)), "pool", "pool-regtest-password");
        assertThat(rpc.call("getblockchaininfo").get("chain").asText()).isEqualTo("regtest");
        String hash = rpc.call("generatetoaddress", 1, "bcrt1q2uv8sa6h6m0pwddpknj8zfhe3ld089q7l7we7c")
                .get(0)
                .asText();
        assertThat(rpc.bestBlockHash()).isEqualTo(hash);
        assertThat(rpc.call("stop").asText()).isEqualTo("Bitcoin Core stopping");
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aBadOutsideAddressIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("regtest-node", "--rpc-port", "0", "--outside-address", "bc1qnotregtest");
        assertThat(code).isEqualTo(CheckConfigCommand.INVALID);
        assertThat(err.toString()).contains("--outside-address", "bc1qnotregtest");
    }
}
