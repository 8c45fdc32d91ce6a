package org.sovereignpool.operator;

/** The power arithmetic: estimated draw from hashrate and efficiency, and the state against an allocation. */
public final class Power {
    /** 2^32: the expected number of hashes per share of difficulty 1. */
    public static final double HASHES_PER_DIFFICULTY_1 = 4_294_967_296.0;

    private Power() {}

    /** Hashes per second from the summed difficulty of the shares accepted over {@code seconds}. */
    public static double hashrate(double sumDifficulty, double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
        }
        return sumDifficulty * HASHES_PER_DIFFICULTY_1 / seconds;
    }

    /** Estimated draw in MW: hashrate (TH/s) × efficiency (J/TH) / 10^6 (J/s = W; 10^6 W = 1 MW). */
    public static double drawMw(double hashesPerSecond, double efficiencyJPerTh) {
        if (hashesPerSecond < 0 || !(efficiencyJPerTh > 0)) {
            throw new IllegalArgumentException(
                    "hashrate must be >= 0 and efficiency > 0, got " + hashesPerSecond + ", " + efficiencyJPerTh);
        }
        return hashesPerSecond / 1e12 * efficiencyJPerTh / 1e6;
    }

    /** The state of a draw against an allocation: over above it, warning above {@code warnFraction} of it. */
    public static PowerState state(double drawMw, double allocationMw, double warnFraction) {
        if (drawMw > allocationMw) {
            return PowerState.OVER;
        }
        return drawMw > allocationMw * warnFraction ? PowerState.WARN : PowerState.OK;
    }
}
