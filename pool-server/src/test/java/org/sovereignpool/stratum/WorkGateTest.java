package org.sovereignpool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sovereignpool.stratum.testing.Pipelines.feedBytewise;
import static org.sovereignpool.stratum.testing.Pipelines.output;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.stratum.session.JobBroadcast;
import org.sovereignpool.stratum.session.StratumSession;
import org.sovereignpool.stratum.session.WorkGate;
import org.sovereignpool.stratum.testing.Pipelines;
import org.sovereignpool.stratum.testing.TestPools;

/**
 * The curtailment hook on the wire: a withheld worker gets no {@code mining.notify} (neither at the start of work nor
 * for new jobs), and when the gate lets it work again the current job goes out at once with clean_jobs true.
 */
class WorkGateTest {
    @Test
    void aWithheldWorkerGetsNoJobUntilTheGateLetsItWorkAgain() {
        Pipelines pipelines =
                new Pipelines(TestPools.config(TestPools.Knobs.regtest(0.001)), Instant.ofEpochSecond(1_800_000_000));
        Set<WorkerName> withheld = ConcurrentHashMap.newKeySet();
        pipelines.context.workGate(withheld::contains);
        pipelines.context.current(new JobBroadcast(TestPools.hardJob(1, 0x6b05c52e)));

        EmbeddedChannel free = pipelines.channel();
        EmbeddedChannel held = pipelines.channel();
        withheld.add(new WorkerName("demo", "held"));
        for (var c : new Object[][] {{free, "demo.free"}, {held, "demo.held"}}) {
            EmbeddedChannel ch = (EmbeddedChannel) c[0];
            feedBytewise(ch, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n");
            feedBytewise(ch, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + c[1] + "\",\"\"]}\n");
        }
        assertThat(output(free)).contains("\"method\":\"mining.notify\",\"params\":[\"0000000000000001\",");
        String heldOut = output(held);
        assertThat(heldOut).contains("\"result\":true").doesNotContain("\"method\":\"mining.notify\"");
        StratumSession heldSession = StratumSession.of(held);
        assertThat(heldSession.workWithheld()).isTrue();

        JobBroadcast second = new JobBroadcast(TestPools.hardJob(2, 0x6b05c52f));
        pipelines.context.current(second);
        long now = 1_800_000_001_000L;
        StratumSession.of(free).deliver(second, now);
        heldSession.deliver(second, now);
        assertThat(output(free)).contains("\"params\":[\"0000000000000002\",");
        assertThat(output(held)).isEmpty();

        // the order ended: the gate lets it work, and the current job goes out at once, clean
        withheld.clear();
        heldSession.recheckWorkGate(now);
        assertThat(heldSession.workWithheld()).isFalse();
        assertThat(output(held))
                .startsWith("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0000000000000002\",")
                .endsWith(",true]}\n");
        StratumSession.of(free).recheckWorkGate(now);
        assertThat(output(free))
                .as("a worker never withheld is not sent the job again")
                .isEmpty();
        assertThat(WorkGate.OPEN.withholds(new WorkerName("demo", "x"))).isFalse();
    }
}
