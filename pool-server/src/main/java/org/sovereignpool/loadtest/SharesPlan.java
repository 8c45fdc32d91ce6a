package org.sovereignpool.loadtest;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@code shares} mode sends: a closed loop ({@code inFlight} submits awaiting their reply on every
 * connection, the next one sent as soon as one is answered) or an open loop (a total {@code rate} of submits per
 * second, paced by intended send time), with random or mined shares.
 *
 * @param inFlight submits in flight per connection (closed loop), or 0 for an open loop
 * @param rate total submits per second (open loop), or 0 for a closed loop
 * @param source random nonces or mined shares
 * @param warmup sent but not measured
 * @param duration measured
 * @param replyTimeout a submit unanswered this long counts as timed out
 * @param maxOutstanding open loop: a connection with this many unanswered submits is skipped until it has fewer
 */
record SharesPlan(
        int inFlight,
        double rate,
        ShareSource source,
        Duration warmup,
        Duration duration,
        Duration replyTimeout,
        int maxOutstanding) {
    /** Where shares come from. */
    enum ShareSource {
        /** Nonces not searched: nearly every share is rejected as low difficulty after the pool's whole check. */
        RANDOM,
        /** Hashed until the share meets the connection's difficulty: accepted shares, slowly. */
        MINED
    }

    SharesPlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        if ((inFlight > 0) == (rate > 0)) {
            throw LoadtestException.option(
                    "give either --in-flight (a closed loop) or --rate (an open loop), not both" + " and not neither");
        }
        if (inFlight < 0 || rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw LoadtestException.option("--in-flight and --rate must be positive");
        }
        if (warmup.isNegative()) {
            throw LoadtestException.option("--warmup must not be negative");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw LoadtestException.option("--duration must be more than 0 seconds");
        }
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw LoadtestException.option("--reply-timeout must be more than 0 seconds");
        }
        if (maxOutstanding < 1) {
            throw LoadtestException.option("--max-outstanding must be at least 1");
        }
    }

    boolean closedLoop() {
        return inFlight > 0;
    }
}
