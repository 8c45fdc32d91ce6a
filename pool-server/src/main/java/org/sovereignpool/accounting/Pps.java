package org.sovereignpool.accounting;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.sovereignpool.config.Network;
import org.sovereignpool.ledger.store.ShareAccrual;
import org.sovereignpool.ledger.store.ShareAggregate;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Target;

/**
 * PPS: every accepted share earns {@code subsidy(height) x difficulty / networkDifficulty}, where the network
 * difficulty is that of its job's target ({@code nBits}) and the subsidy that of the job's height, paid whether or
 * not a block is found: the programme carries the variance and keeps the reward of the blocks found (fees included).
 * With {@code networkDifficulty = DIFF1 / target} the value is the exact rational {@code subsidy x difficulty x target
 * / DIFF1}.
 *
 * <p>Rounding: per node, worker, network target and subsidy the ledger keeps the exact sum of the shares' difficulty
 * and has credited, after every applied batch, exactly {@link #owedSats floor(subsidy x sum x target / DIFF1)}; a
 * worker therefore loses less than one satoshi per group over its whole life, not per share or per batch. Credits are
 * written in the transaction that applies the shares (see {@link ShareAccrual}), final at once, and never twice: a
 * replayed batch writes nothing. {@link #entitlements} recomputes every worker's due from the share aggregates alone,
 * for audits.
 */
public final class Pps implements ShareAccrual {
    public static final String SCHEME = "PPS";

    private final int halvingInterval;

    /** @param halvingInterval blocks per subsidy halving of the network mined (210,000; 150 on regtest) */
    public Pps(int halvingInterval) {
        if (halvingInterval < 1) {
            throw new IllegalArgumentException("halvingInterval must be >= 1, got " + halvingInterval);
        }
        this.halvingInterval = halvingInterval;
    }

    public static Pps forNetwork(Network network) {
        return new Pps(network.subsidyHalvingInterval());
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public long rewardSats(int height) {
        return Subsidy.atHeight(height, halvingInterval);
    }

    @Override
    public long owedSats(int networkBits, long rewardSats, BigDecimal sumDifficulty) {
        return owed(new CompactBits(networkBits), rewardSats, sumDifficulty);
    }

    /**
     * {@code floor(rewardSats x sumDifficulty x target(bits) / DIFF1)}, exactly.
     *
     * @throws ArithmeticException the value exceeds {@code Long.MAX_VALUE} satoshis
     */
    public static long owed(CompactBits networkBits, long rewardSats, BigDecimal sumDifficulty) {
        if (rewardSats < 0) {
            throw new IllegalArgumentException("rewardSats must be >= 0, got " + rewardSats);
        }
        if (sumDifficulty.signum() < 0) {
            throw new IllegalArgumentException("sumDifficulty must be >= 0, got " + sumDifficulty);
        }
        BigInteger target = networkBits.toTarget().toBigInteger();
        BigDecimal sum = sumDifficulty.stripTrailingZeros();
        BigInteger numerator;
        BigInteger denominator = Target.DIFF1;
        if (sum.scale() > 0) {
            numerator = sum.unscaledValue();
            denominator = denominator.multiply(BigInteger.TEN.pow(sum.scale()));
        } else {
            numerator = sum.toBigIntegerExact();
        }
        BigInteger owed = numerator
                .multiply(BigInteger.valueOf(rewardSats))
                .multiply(target)
                .divide(denominator);
        if (owed.bitLength() > 63) {
            // only where share difficulty dwarfs the network's (regtest's 4.7e-10): refuse rather than wrap
            throw new ArithmeticException("PPS value " + owed + " sats does not fit a long: summed share difficulty "
                    + sumDifficulty.toPlainString() + " is far above the network difficulty of " + networkBits);
        }
        return owed.longValueExact();
    }

    /** One share's value on its own, rounded down (for display; the ledger rounds sums, see {@link #owedSats}). */
    public static long value(long rewardSats, double difficulty, CompactBits networkBits) {
        if (!(difficulty >= 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be finite and >= 0, got " + difficulty);
        }
        return owed(networkBits, rewardSats, new BigDecimal(difficulty));
    }

    /** A worker of one node: what {@link #entitlements} is keyed by. */
    public record NodeWorker(int nodeId, String operatorId, String worker) implements Comparable<NodeWorker> {
        public NodeWorker {
            Objects.requireNonNull(operatorId, "operatorId");
            Objects.requireNonNull(worker, "worker");
        }

        @Override
        public int compareTo(NodeWorker o) {
            int c = Integer.compare(nodeId, o.nodeId);
            if (c == 0) {
                c = operatorId.compareTo(o.operatorId);
            }
            return c != 0 ? c : worker.compareTo(o.worker);
        }
    }

    private record Group(NodeWorker worker, int networkBits, long rewardSats) {}

    /**
     * What every worker of every node is owed in total under PPS, from share aggregates alone: the sum over its groups
     * (network target, subsidy) of {@link #owedSats}. Equals the sum of the worker's PPS credits in a ledger that
     * applied exactly these aggregates. Pure.
     *
     * @throws IllegalArgumentException an aggregate carries no network target
     */
    public Map<NodeWorker, Long> entitlements(List<ShareAggregate> aggregates) {
        Map<Group, BigDecimal> sums = new java.util.HashMap<>();
        for (ShareAggregate a : aggregates) {
            if (a.networkBits() == 0) {
                throw new IllegalArgumentException("aggregate without a network target: " + a);
            }
            Group g = new Group(
                    new NodeWorker(a.nodeId(), a.operatorId(), a.worker()), a.networkBits(), rewardSats(a.maxHeight()));
            sums.merge(g, new BigDecimal(a.sumDifficulty()), BigDecimal::add);
        }
        Map<NodeWorker, Long> out = new TreeMap<>();
        sums.forEach((g, sum) -> out.merge(g.worker(), owedSats(g.networkBits(), g.rewardSats(), sum), Long::sum));
        return out;
    }
}
