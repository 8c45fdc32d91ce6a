package org.sovereignpool.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {
    static final Duration S = Duration.ofSeconds(1);

    @Test
    void theUserTemplateNumbersTheConnections() {
        ClientSettings s = new ClientSettings("h", 1, "demo.load-{i}", "x", 3, 10, S, 1, Transport.NIO);
        assertThat(s.user(1)).isEqualTo("demo.load-1");
        assertThat(s.user(3)).isEqualTo("demo.load-3");
        assertThat(new ClientSettings("h", 1, "bcrt1qxyz", "x", 3, 10, S, 1, Transport.NIO).user(2))
                .isEqualTo("bcrt1qxyz");
    }

    @Test
    void badSettingsNameTheirOption() {
        assertThatThrownBy(() -> new ClientSettings("h", 0, "u", "x", 1, 10, S, 1, Transport.NIO))
                .hasMessage("--port must be 1..65535, got 0");
        assertThatThrownBy(() -> new ClientSettings("h", 1, "u", "x", 0, 10, S, 1, Transport.NIO))
                .hasMessage("--connections must be at least 1, got 0");
        assertThatThrownBy(() -> new ClientSettings("h", 1, "u", "x", 1, 0, S, 1, Transport.NIO))
                .hasMessage("--connect-rate must be at least 1 per second, got 0");
        assertThatThrownBy(() -> new ClientSettings("h", 1, "u", "x", 1, 1, Duration.ZERO, 1, Transport.NIO))
                .hasMessage("--handshake-timeout must be more than 0 seconds");
        assertThatThrownBy(() -> ConnectionOptions.seconds("--duration", -1))
                .hasMessage("--duration must be a number of seconds from 0 to 10,000,000, got -1.0");
    }

    @Test
    void aSharesPlanIsEitherClosedOrOpen() {
        SharesPlan closed = new SharesPlan(8, 0, SharesPlan.ShareSource.RANDOM, S, S, S, 10);
        assertThat(closed.closedLoop()).isTrue();
        assertThat(new SharesPlan(0, 500, SharesPlan.ShareSource.RANDOM, S, S, S, 10).closedLoop())
                .isFalse();
        assertThatThrownBy(() -> new SharesPlan(8, 500, SharesPlan.ShareSource.RANDOM, S, S, S, 10))
                .hasMessageContaining("either --in-flight");
        assertThatThrownBy(() -> new SharesPlan(0, 0, SharesPlan.ShareSource.RANDOM, S, S, S, 10))
                .hasMessageContaining("either --in-flight");
        // mined shares may be paced too: each send takes a share the hashers found in advance
        assertThat(new SharesPlan(0, 500, SharesPlan.ShareSource.MINED, S, S, S, 10).closedLoop())
                .isFalse();
        assertThatThrownBy(() -> new SharesPlan(8, 0, SharesPlan.ShareSource.RANDOM, S, Duration.ZERO, S, 10))
                .hasMessage("--duration must be more than 0 seconds");
    }

    @Test
    void extranonce2IsBigEndianHexOfItsSize() {
        assertThat(LoadConnection.extranonce2Hex(0x0102, 4)).isEqualTo("00000102");
        assertThat(LoadConnection.extranonce2Hex(0x1_0000_0001L, 4)).isEqualTo("00000001");
        assertThat(LoadConnection.extranonce2Hex(7, 8)).isEqualTo("0000000000000007");
        assertThat(LoadConnection.extranonce2Hex(7, 10)).isEqualTo("00000000000000000007");
    }

    @Test
    void aWrongOptionValueExitsWithTheUsage() {
        Cli zero = Cli.run("shares", "--port", "1", "--duration", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err())
                .startsWith("--duration must be more than 0 seconds")
                .contains("Usage: loadtest shares");
        Cli both = Cli.run("shares", "--port", "1", "--in-flight", "4", "--rate", "100");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give either --in-flight (a closed loop) or --rate (an open loop)");
        Cli notANumber = Cli.run("idle", "--connections", "many");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'many' is not an int");
        Cli transport = Cli.run("fanout", "--transport", "dpdk");
        assertThat(transport.exitCode()).isEqualTo(2);
        assertThat(transport.err()).contains("--transport must be auto, epoll or nio, got 'dpdk'");
    }
}
