package org.sovereignpool.energy.curtailment;

/**
 * One minute of an order: the estimated draw (from the shares applied in that minute at each operator's licensed
 * efficiency) against the limit, and the energy over the limit within the part of the minute the order covers.
 */
public record CurtailmentMinute(
        String orderId,
        long minuteStartMillis,
        long minuteMillis,
        String operatorId,
        double drawMw,
        double limitMw,
        double overMwh) {
    public boolean over() {
        return drawMw > limitMw;
    }
}
