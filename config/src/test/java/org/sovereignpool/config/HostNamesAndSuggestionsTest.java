package org.sovereignpool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesAndSuggestionsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "127.0.0.1",
                "localhost",
                "pool.example.org",
                "node-1",
                "::",
                "::1",
                "[::1]",
                "2001:db8::8a2e:370:7334",
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "::ffff:192.0.2.1",
                "fe80::1%eth0"
            })
    void validHosts(String host) {
        assertThat(HostNames.isValid(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "256.1.1.1",
                "1.2.3",
                "01.2.3.4",
                "not a host",
                "-leading.example",
                "under_score.example",
                "1::2::3",
                "2001:db8::g",
                "1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9",
                "[::1",
                "fe80::1%"
            })
    void invalidHosts(String host) {
        assertThat(HostNames.isValid(host)).isFalse();
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertThat(KeySuggestions.distance("netwrok", "network")).isEqualTo(1);
        assertThat(KeySuggestions.distance("listners", "listeners")).isEqualTo(1);
        assertThat(KeySuggestions.distance("", "abc")).isEqualTo(3);
        assertThat(KeySuggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestionsIgnoreCaseAndSeparators() {
        List<String> keys = List.of("maxLineBytes", "maxMalformedLines", "jobRefreshSeconds");
        assertThat(KeySuggestions.closest("max_line_bytes", keys)).hasValue("maxLineBytes");
        assertThat(KeySuggestions.closest("MAXLINEBYTES", keys)).hasValue("maxLineBytes");
        assertThat(KeySuggestions.closest("jobRefreshSecs", keys)).hasValue("jobRefreshSeconds");
        assertThat(KeySuggestions.closest("colour", keys)).isEmpty();
    }
}
