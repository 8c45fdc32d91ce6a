package org.sovereignpool.stratum.session;

import io.netty.util.concurrent.FastThreadLocal;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.sovereignpool.config.DifficultyConfig;
import org.sovereignpool.config.StratumLimits;
import org.sovereignpool.mining.BlockSink;
import org.sovereignpool.mining.ShareRecorder;
import org.sovereignpool.mining.WorkerAuthorizer;
import org.sovereignpool.share.hash.Sha256;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.share.validate.ShareValidator;
import org.sovereignpool.stratum.ExtranonceAllocator;
import org.sovereignpool.stratum.StratumMetrics;
import org.sovereignpool.stratum.limit.ConnectionGate;
import org.sovereignpool.stratum.vardiff.DifficultyRules;

/**
 * What every handler of every connection shares: settings, collaborators and the current job. Thread-safe: the
 * fields are immutable or thread-safe, the current job is volatile, and the validator is one per event-loop thread.
 */
public final class StratumContext {
    private final Settings settings;
    private final StratumMetrics metrics;
    private final Clock clock;
    private final WorkerAuthorizer authorizer;
    private final ShareRecorder recorder;
    private final BlockSink blockSink;
    private final ExtranonceAllocator extranonces;
    private final SessionRegistry registry;
    private final FastThreadLocal<ShareValidator> validators;
    private final ConnectionGate gate;
    private volatile JobBroadcast current;
    private volatile WorkGate workGate = WorkGate.OPEN;

    /**
     * @param extranonce2Size bytes the miner rolls (2..8)
     * @param maxMalformedLines malformed lines after which the connection is closed
     * @param difficulty min, max, initial, vardiff
     * @param rules min/max and whole numbers (mainnet)
     * @param poolVersionMask the bits miners may roll (BIP 320)
     * @param limits workers per connection, request rate, write buffers
     * @param handshakeTimeoutMillis a connection must subscribe and authorize this soon after connecting
     * @param idleTimeoutMillis a connection that sends no line for this long is closed
     */
    public record Settings(
            int extranonce2Size,
            int maxMalformedLines,
            DifficultyConfig difficulty,
            DifficultyRules rules,
            VersionMask poolVersionMask,
            StratumLimits limits,
            long handshakeTimeoutMillis,
            long idleTimeoutMillis) {
        /** {@code stratum.authorizeTimeoutSeconds}'s and {@code stratum.idleTimeoutSeconds}' defaults. */
        public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 30_000;

        public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 600_000;

        public Settings {
            Objects.requireNonNull(difficulty, "difficulty");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(poolVersionMask, "poolVersionMask");
            Objects.requireNonNull(limits, "limits");
            if (handshakeTimeoutMillis <= 0 || idleTimeoutMillis <= 0) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        /** With the default limits and timeouts. */
        public Settings(
                int extranonce2Size,
                int maxMalformedLines,
                DifficultyConfig difficulty,
                DifficultyRules rules,
                VersionMask poolVersionMask) {
            this(
                    extranonce2Size,
                    maxMalformedLines,
                    difficulty,
                    rules,
                    poolVersionMask,
                    StratumLimits.DEFAULTS,
                    DEFAULT_HANDSHAKE_TIMEOUT_MILLIS,
                    DEFAULT_IDLE_TIMEOUT_MILLIS);
        }
    }

    public StratumContext(
            Settings settings,
            StratumMetrics metrics,
            Clock clock,
            WorkerAuthorizer authorizer,
            ShareRecorder recorder,
            BlockSink blockSink,
            ExtranonceAllocator extranonces,
            Supplier<Sha256> sha256) {
        this(settings, metrics, clock, authorizer, recorder, blockSink, extranonces, sha256, null);
    }

    /**
     * @param gate admits connections and hears their offences; null for none (e.g. in-memory test channels)
     */
    public StratumContext(
            Settings settings,
            StratumMetrics metrics,
            Clock clock,
            WorkerAuthorizer authorizer,
            ShareRecorder recorder,
            BlockSink blockSink,
            ExtranonceAllocator extranonces,
            Supplier<Sha256> sha256,
            ConnectionGate gate) {
        this.gate = gate;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.blockSink = Objects.requireNonNull(blockSink, "blockSink");
        this.extranonces = Objects.requireNonNull(extranonces, "extranonces");
        this.registry = new SessionRegistry(settings.handshakeTimeoutMillis(), settings.idleTimeoutMillis());
        Objects.requireNonNull(sha256, "sha256");
        this.validators = new FastThreadLocal<>() {
            @Override
            protected ShareValidator initialValue() {
                return new ShareValidator(sha256.get());
            }
        };
    }

    public Settings settings() {
        return settings;
    }

    public StratumMetrics metrics() {
        return metrics;
    }

    public long nowMillis() {
        return clock.millis();
    }

    public WorkerAuthorizer authorizer() {
        return authorizer;
    }

    public ShareRecorder recorder() {
        return recorder;
    }

    public BlockSink blockSink() {
        return blockSink;
    }

    public ExtranonceAllocator extranonces() {
        return extranonces;
    }

    /** The connection gate, or null when there is none. */
    public ConnectionGate gate() {
        return gate;
    }

    public SessionRegistry registry() {
        return registry;
    }

    /** This thread's validator (ShareValidator is not thread-safe: one per event loop). */
    public ShareValidator validator() {
        return validators.get();
    }

    public JobBroadcast current() {
        return current;
    }

    public void current(JobBroadcast job) {
        this.current = job;
    }

    /** Who may be sent new work (grid curtailment); {@link WorkGate#OPEN} unless set. */
    public WorkGate workGate() {
        return workGate;
    }

    public void workGate(WorkGate gate) {
        this.workGate = java.util.Objects.requireNonNull(gate, "gate");
    }
}
