package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sovereignpool.config.Yaml.errors;
import static org.sovereignpool.config.Yaml.minimalWith;
import static org.sovereignpool.config.Yaml.parse;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Stratum and HTTP edge's keys: limits, bans, sites behind NAT, HTTP timeouts; each error names its key. */
class EdgeLimitsConfigTest {

    @Test
    void everyEdgeKeyIsRead() {
        PoolConfig c = parse(minimalWith("""
                stratum:
                  maxConnectionsPerIp: 8
                  maxConnections: 5000
                  reservedFileDescriptors: 2048
                  maxWorkersPerConnection: 32
                  requestsPerSecond: 2.5
                  requestBurst: 40
                  writeBufferHighWaterMarkBytes: 8192
                  maxOutboundBytes: 16384
                  unwritableTimeoutSeconds: 5
                  bans:
                    seconds: 60
                    windowSeconds: 120
                    invalidShares: 10
                    malformedLines: 11
                    unauthorizedSubmits: 12
                    refusedConnections: 13
                  sites:
                    - name: akosombo-1
                      cidr: 203.0.113.7/32
                      maxConnections: 20000
                    - cidr: "2001:db8:7::/48"
                      maxConnections: 500
                http:
                  maxConnections: 32
                  idleTimeoutSeconds: 30
                  headerTimeoutSeconds: 5
                  maxPipelinedRequests: 4
                """));
        StratumConfig s = c.stratum();
        assertThat(s.maxConnectionsPerIp()).isEqualTo(8);
        assertThat(s.limits()).isEqualTo(new StratumLimits(5000, 2048, 32, 2.5, 40, 8192, 16384, 5));
        assertThat(s.limits().writeBufferLowWaterMarkBytes()).isEqualTo(4096);
        assertThat(s.bans()).isEqualTo(new BanConfig(60, 120, 10, 11, 12, 13));
        assertThat(s.sites())
                .containsExactly(
                        new SiteConfig("akosombo-1", Cidr.parse("203.0.113.7/32"), 20000),
                        new SiteConfig("2001:db8:7::/48", Cidr.parse("2001:db8:7::/48"), 500));
        assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080, java.util.Optional.empty(), 32, 30, 5, 4));
    }

    @Test
    void badEdgeValuesNameTheirKeys() {
        assertThat(errors(minimalWith("""
                stratum:
                  maxConnections: -1
                  requestsPerSecond: 0.01
                  writeBufferHighWaterMarkBytes: 65536
                  maxOutboundBytes: 4096
                  bans:
                    seconds: -5
                    invalidShares: 0
                    forever: true
                  sites:
                    - cidr: 203.0.113.7/24
                      maxConnections: 10
                    - name: " "
                      cidr: example.com
                    - cidr: 203.0.113.0/25
                      maxConnections: 0
                    - cidr: 10.0.0.0/33
                      maxConnections: 1
                http:
                  headerTimeoutSeconds: 0
                  maxPipelinedRequests: 5000
                """)))
                .containsExactly(
                        "stratum.maxConnections: must be 0..10000000, got -1",
                        "stratum.requestsPerSecond: must be 0.1..100000, got 0.01",
                        "stratum.maxOutboundBytes: must be >= writeBufferHighWaterMarkBytes (65536), got 4096",
                        "stratum.bans.forever: unknown key; valid keys here: seconds, windowSeconds, invalidShares,"
                                + " malformedLines, unauthorizedSubmits, refusedConnections",
                        "stratum.bans.seconds: must be 0..604800, got -5",
                        "stratum.bans.invalidShares: must be 1..1000000, got 0",
                        "stratum.sites[0].cidr: has bits set after the /24 prefix; did you mean 203.0.113.0/24?",
                        "stratum.sites[1].cidr: must be an IPv4 or IPv6 address with an optional /prefix, e.g."
                                + " 203.0.113.7/32, got \"example.com\"",
                        "stratum.sites[1].name: must not be blank",
                        "stratum.sites[1].maxConnections: required key is missing",
                        "stratum.sites[2].maxConnections: must be 1..10000000, got 0",
                        "stratum.sites[3].cidr: prefix must be 0..32, got 33",
                        "http.headerTimeoutSeconds: must be 1..600, got 0",
                        "http.maxPipelinedRequests: must be 1..1024, got 5000");
    }

    @Test
    void overlappingSitesAreRefused() {
        assertThat(errors(minimalWith("""
                stratum:
                  sites:
                    - cidr: 203.0.113.0/24
                      maxConnections: 10
                    - cidr: 203.0.113.9
                      maxConnections: 10
                """)))
                .containsExactly("stratum.sites[1].cidr: overlaps stratum.sites[0] (203.0.113.0/24); sites must"
                        + " not overlap");
        assertThatThrownBy(() -> new StratumConfig(
                        List.of(ListenerConfig.plain("0.0.0.0", 3333)),
                        4,
                        16384,
                        64,
                        30,
                        600,
                        30,
                        5,
                        StratumLimits.DEFAULTS,
                        BanConfig.DEFAULTS,
                        List.of(
                                new SiteConfig("a", Cidr.parse("10.0.0.0/8"), 1),
                                new SiteConfig("b", Cidr.parse("10.1.0.0/16"), 1))))
                .hasMessage("sites a and b overlap");
    }

    @Test
    void cidrMatchesItsRangeOnlyAndIpv4MappedAddressesAsIpv4() throws Exception {
        Cidr site = Cidr.parse("198.51.100.0/28");
        assertThat(site.contains(InetAddress.getByName("198.51.100.15"))).isTrue();
        assertThat(site.contains(InetAddress.getByName("198.51.100.16"))).isFalse();
        assertThat(site.contains(InetAddress.getByName("::ffff:198.51.100.3"))).isTrue();
        assertThat(site.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
        Cidr v6 = Cidr.parse("2001:db8:6::/47");
        assertThat(v6.contains(InetAddress.getByName("2001:db8:7:ffff::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:6::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:5::1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:8::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8")))
                .isTrue();
        assertThat(Cidr.parse("203.0.113.7").toString()).isEqualTo("203.0.113.7/32");
    }

    @Test
    void theEffectiveConnectionCapKeepsTheReserveFree() {
        StratumLimits auto = StratumLimits.DEFAULTS;
        assertThat(auto.effectiveMaxConnections(20_000)).isEqualTo(20_000 - 1024);
        assertThat(auto.effectiveMaxConnections(0)).isEqualTo(StratumLimits.MAX_CONNECTIONS);
        StratumLimits configured = new StratumLimits(50_000, 1024, 256, 20, 600, 65_536, 262_144, 30);
        assertThat(configured.effectiveMaxConnections(20_000)).isEqualTo(18_976);
        assertThat(configured.effectiveMaxConnections(1_000_000)).isEqualTo(50_000);
        assertThat(configured.effectiveMaxConnections(100)).isEqualTo(1);
    }
}
