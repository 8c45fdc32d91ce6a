package org.sovereignpool.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sovereignpool.config.OperatorConfig;
import org.sovereignpool.ledger.store.JdbcLedgerStore;
import org.sovereignpool.ledger.store.LedgerTestDatabases;

/** The registry's history in the ledger database, on H2 and PostgreSQL. */
class OperatorHistoryTest {
    @TempDir
    Path dir;

    private static OperatorConfig op(String id, double mw, List<String> sites) {
        return new OperatorConfig(id, id + " Mining", Optional.of("LIC-" + id), mw, 20.0, sites);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachChangeIsANewVersionAndRemovalIsRecorded(String database) throws Exception {
        String schema = database.equals("postgresql") ? LedgerTestDatabases.freshSchema("ophist") : null;
        String url = database.equals("postgresql") ? LedgerTestDatabases.PG_URL : LedgerTestDatabases.h2Url(dir);
        String user = database.equals("postgresql") ? LedgerTestDatabases.PG_USER : "sa";
        try (JdbcLedgerStore store = JdbcLedgerStore.open(url, user, "", schema)) {
            OperatorHistory history = new OperatorHistory(store.dataSource());
            OperatorConfig volta = op("volta", 350, List.of("akosombo-1"));
            OperatorConfig nord = op("nordhash", 220.5, List.of());

            assertThat(history.sync(List.of(volta, nord), 1_000)).hasSize(2);
            assertThat(history.sync(List.of(volta, nord), 2_000))
                    .as("nothing changed")
                    .isEmpty();

            OperatorConfig grown = op("volta", 400, List.of("akosombo-1", "kpong-2"));
            assertThat(history.sync(List.of(grown), 3_000))
                    .extracting(OperatorHistory.Version::operatorId, OperatorHistory.Version::active)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("volta", true),
                            org.assertj.core.groups.Tuple.tuple("nordhash", false));

            List<OperatorHistory.Version> v = history.history("volta");
            assertThat(v).extracting(OperatorHistory.Version::version).containsExactly(1, 2);
            assertThat(v.get(0).allocationMw()).isEqualTo(350);
            assertThat(v.get(0).changedMillis()).isEqualTo(1_000);
            assertThat(v.get(1).allocationMw()).isEqualTo(400);
            assertThat(v.get(1).sites()).containsExactly("akosombo-1", "kpong-2");
            assertThat(v.get(1).licence()).isEqualTo("LIC-volta");
            assertThat(history.current("nordhash")).hasValueSatisfying(n -> {
                assertThat(n.active()).isFalse();
                assertThat(n.version()).isEqualTo(2);
                assertThat(n.changedMillis()).isEqualTo(3_000);
            });

            // registered again: a new active version, the history kept
            assertThat(history.sync(List.of(grown, nord), 4_000))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.operatorId()).isEqualTo("nordhash");
                        assertThat(n.version()).isEqualTo(3);
                        assertThat(n.active()).isTrue();
                    });
            assertThat(history.history("nobody")).isEmpty();
        } finally {
            if (schema != null) {
                LedgerTestDatabases.dropSchema(schema);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void differencesAreNamedAndAnUpdateIsARegistryVersionWrittenOnce(String database) throws Exception {
        String schema = database.equals("postgresql") ? LedgerTestDatabases.freshSchema("opreg") : null;
        String url = database.equals("postgresql") ? LedgerTestDatabases.PG_URL : LedgerTestDatabases.h2Url(dir);
        String user = database.equals("postgresql") ? LedgerTestDatabases.PG_USER : "sa";
        try (JdbcLedgerStore store = JdbcLedgerStore.open(url, user, "", schema)) {
            OperatorHistory history = new OperatorHistory(store.dataSource());
            OperatorConfig volta = op("volta", 350, List.of("akosombo-1"));
            OperatorConfig nord = op("nordhash", 220.5, List.of());
            assertThat(history.isEmpty()).isTrue();
            assertThat(history.currentVersion()).isEmpty();
            assertThat(history.update(List.of(volta, nord), 1_000, "node 0")).hasValueSatisfying(v -> {
                assertThat(v.version()).isEqualTo(1);
                assertThat(v.summary()).contains("volta: in this configuration").contains("never registered");
            });
            assertThat(history.differences(List.of(volta, nord))).isEmpty();
            assertThat(history.update(List.of(volta, nord), 2_000, "node 1")).isEmpty();
            OperatorConfig grown = op("volta", 400, List.of("akosombo-1", "kpong-2"));
            assertThat(history.differences(List.of(grown)))
                    .containsExactly(
                            "nordhash: registered (version 1), not in this configuration",
                            "volta: allocationMw 350.0 -> 400.0, sites [akosombo-1] -> [akosombo-1, kpong-2]"
                                    + " (registry version 1 -> this configuration)");
            assertThat(history.update(List.of(grown), 3_000, "node 2"))
                    .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
            assertThat(history.currentVersion()).hasValueSatisfying(v -> {
                assertThat(v.changedBy()).isEqualTo("node 2");
                assertThat(v.changedMillis()).isEqualTo(3_000);
            });
            assertThat(history.differences(List.of(volta, nord))).hasSize(2);
        } finally {
            if (schema != null) {
                LedgerTestDatabases.dropSchema(schema);
            }
        }
    }
}
