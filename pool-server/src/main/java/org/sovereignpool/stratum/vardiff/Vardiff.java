package org.sovereignpool.stratum.vardiff;

/**
 * Variable difficulty for one connection: keeps a miner near a target share rate (default 18 a minute, as ckpool).
 * Pure: time is passed in; not thread-safe (one session, one event loop).
 *
 * <p>The estimate is kept in difficulty units per millisecond (Σ share difficulty / time), which measures hashrate
 * and so survives difficulty changes. Two views of it:
 *
 * <ul>
 *   <li>a long, exponentially decaying estimate (half-life {@link #HALF_LIFE_RETARGETS} retarget intervals) that the
 *       decision uses, so a settled miner is judged on ~100 shares and does not oscillate;
 *   <li>the window since the last change; when it disagrees with the long estimate by more than chance allows (the
 *       miner's hashrate really changed, e.g. a rig was swapped), the long estimate restarts from the window.
 * </ul>
 *
 * <p>Hysteresis: the difficulty changes only when the estimated rate is off the target by more than both
 * {@link #MIN_BAND} and 3 standard errors of the estimate (relative error of a Poisson count is 1/√n), so a few
 * lucky shares never move it. A window without any share drops the difficulty by up to 16× per retarget (the miner
 * is far slower than the difficulty assumes). Every result passes through the {@link DifficultyRules}.
 */
public final class Vardiff {
    static final double HALF_LIFE_RETARGETS = 12;
    static final double MIN_BAND = 0.2;
    static final double SIGMAS = 3;
    static final double MAX_DROP_WITHOUT_SHARES = 16;

    private final double targetPerMinute;
    private final long retargetMillis;
    private final double halfLifeMillis;
    private final DifficultyRules rules;

    private double difficulty;
    private double floor;
    private long lastChange;
    private long lastDecay;
    // long estimate (decayed)
    private double longDiff;
    private double longCount;
    private double longMillis;
    // window since the last change
    private double windowDiff;
    private long windowCount;

    public Vardiff(double targetPerMinute, long retargetMillis, DifficultyRules rules, double initial, long nowMillis) {
        if (!(targetPerMinute > 0) || retargetMillis <= 0) {
            throw new IllegalArgumentException("target rate and retarget interval must be > 0");
        }
        this.targetPerMinute = targetPerMinute;
        this.retargetMillis = retargetMillis;
        this.halfLifeMillis = HALF_LIFE_RETARGETS * retargetMillis;
        this.rules = rules;
        this.floor = rules.min();
        reset(initial, nowMillis);
    }

    /** Starts over at {@code newDifficulty} (e.g. after {@code mining.suggest_difficulty}). */
    public void reset(double newDifficulty, long nowMillis) {
        difficulty = rules.apply(newDifficulty, floor);
        lastChange = nowMillis;
        lastDecay = nowMillis;
        longDiff = 0;
        longCount = 0;
        longMillis = 0;
        windowDiff = 0;
        windowCount = 0;
    }

    /** Raises the session's lower bound (BIP 310 {@code minimum-difficulty}); the current value follows it up. */
    public void floor(double minimum, long nowMillis) {
        floor = Math.max(rules.min(), Math.min(minimum, rules.max()));
        if (difficulty < floor) {
            reset(floor, nowMillis);
        }
    }

    public double difficulty() {
        return difficulty;
    }

    /** An accepted share, worth the difficulty its job was sent with. */
    public void onShare(long nowMillis, double shareDifficulty) {
        decay(nowMillis);
        longDiff += shareDifficulty;
        longCount += 1;
        windowDiff += shareDifficulty;
        windowCount++;
    }

    /**
     * Decides whether the difficulty should change now; returns the new difficulty, or {@code NaN} when it stays.
     * Call it when a job is about to be sent: the new value goes out just before that notify.
     */
    public double retarget(long nowMillis) {
        long sinceChange = nowMillis - lastChange;
        if (sinceChange < retargetMillis) {
            return Double.NaN;
        }
        decay(nowMillis);
        double next;
        if (windowCount == 0) {
            // no share at all: the miner is far slower than assumed; suppose half a share in the window
            double ratePerMinute = 0.5 * 60_000.0 / sinceChange;
            double factor = Math.max(ratePerMinute / targetPerMinute, 1 / MAX_DROP_WITHOUT_SHARES);
            if (factor >= 1) {
                return Double.NaN;
            }
            next = rules.apply(difficulty * factor, floor);
            longDiff = 0;
            longCount = 0;
            longMillis = 0;
        } else {
            double windowRate = windowDiff / sinceChange;
            double longRate = longMillis > 0 ? longDiff / longMillis : windowRate;
            double disagreement = Math.abs(Math.log(windowRate / longRate));
            if (disagreement > Math.max(Math.log(4), 4 / Math.sqrt(windowCount))) {
                longDiff = windowDiff;
                longCount = windowCount;
                longMillis = sinceChange;
                longRate = windowRate;
            }
            double ratio = longRate * 60_000.0 / difficulty / targetPerMinute;
            // symmetric in log space: a rate 1.5x too high and one 1.5x too low are equally strong evidence
            double band = Math.max(Math.log1p(MIN_BAND), SIGMAS / Math.sqrt(Math.max(longCount, 1)));
            if (Math.abs(Math.log(ratio)) <= band) {
                return Double.NaN;
            }
            next = rules.apply(difficulty * ratio, floor);
        }
        if (next == difficulty) {
            return Double.NaN;
        }
        difficulty = next;
        lastChange = nowMillis;
        windowDiff = 0;
        windowCount = 0;
        return next;
    }

    private void decay(long nowMillis) {
        long dt = nowMillis - lastDecay;
        if (dt <= 0) {
            return;
        }
        double keep = Math.pow(0.5, dt / halfLifeMillis);
        longDiff *= keep;
        longCount *= keep;
        // the decayed weight of the interval just passed: the integral of 0.5^(age/halfLife) over it
        longMillis = longMillis * keep + (1 - keep) * halfLifeMillis / Math.log(2);
        lastDecay = nowMillis;
    }
}
