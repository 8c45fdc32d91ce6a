package org.sovereignpool.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.app.RegtestNodeCommand;
import org.sovereignpool.config.ConfigLoader;
import org.sovereignpool.config.Network;
import org.sovereignpool.config.NodeAuth;
import org.sovereignpool.config.NodeConfig;
import org.sovereignpool.config.PoolConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** ops/bitcoind.conf, the example pool configurations in ops/config and the regtest stand-in's defaults agree. */
class OpsBitcoindConfTest {
    private static final Path OPS = Path.of("..", "ops");

    /** bitcoind.conf as section → key → value ("" is the top section). */
    private static Map<String, Map<String, String>> bitcoindConf() throws IOException {
        Map<String, Map<String, String>> sections = new HashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(OPS.resolve("bitcoind.conf"))) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
                continue;
            }
            int eq = line.indexOf('=');
            sections.computeIfAbsent(section, k -> new HashMap<>()).put(line.substring(0, eq), line.substring(eq + 1));
        }
        return sections;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mainnet", "testnet4", "signet", "regtest"})
    void thePoolsExampleConfigMatchesTheBitcoindSample(String name) throws IOException {
        PoolConfig pool = ConfigLoader.load(OPS.resolve("config").resolve(name + ".yaml"));
        Network network = pool.network();
        String section = BitcoindTemplateSource.coreChainName(network);
        Map<String, Map<String, String>> conf = bitcoindConf();
        Map<String, String> s = conf.get(section);
        assertThat(s).as("a [" + section + "] section").isNotNull();
        NodeConfig node = pool.nodes().get(0);
        assertThat(node.rpcUrl().getPort()).isEqualTo(Integer.parseInt(s.get("rpcport")));
        assertThat(node.rpcUrl().getHost()).isEqualTo(s.get("rpcbind"));
        assertThat(node.zmqHashBlock())
                .hasValueSatisfying(z -> assertThat(z.toString()).isEqualTo(s.get("zmqpubhashblock")));
        if (node.auth() instanceof NodeAuth.Password p) {
            assertThat(p.user()).isEqualTo(s.get("rpcuser"));
            assertThat(p.password()).isEqualTo(s.get("rpcpassword"));
        } else {
            Path cookie = ((NodeAuth.Cookie) node.auth()).file();
            Path datadir = Path.of(conf.get("").get("datadir"));
            Path expected = network == Network.MAINNET
                    ? datadir.resolve(".cookie")
                    : datadir.resolve(section).resolve(".cookie");
            assertThat(cookie).isEqualTo(expected);
        }
    }

    /** The stand-in started with no options listens where ops/bitcoind.conf's [regtest] section puts bitcoind. */
    @Test
    void theRegtestStandInsDefaultsAreTheSamplesRegtestSection() throws IOException {
        Map<String, String> regtest = bitcoindConf().get("regtest");
        CommandSpec spec = new CommandLine(new RegtestNodeCommand()).getCommandSpec();
        assertThat(spec.findOption("--rpc-host").defaultValue()).isEqualTo(regtest.get("rpcbind"));
        assertThat(spec.findOption("--rpc-port").defaultValue()).isEqualTo(regtest.get("rpcport"));
        assertThat("tcp://127.0.0.1:" + spec.findOption("--zmq-port").defaultValue())
                .isEqualTo(regtest.get("zmqpubhashblock"));
        assertThat(spec.findOption("--rpc-user").defaultValue()).isEqualTo(regtest.get("rpcuser"));
        assertThat(spec.findOption("--rpc-password").defaultValue()).isEqualTo(regtest.get("rpcpassword"));
    }
}
