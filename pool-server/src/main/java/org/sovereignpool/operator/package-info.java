/**
 * Operators and power: the licensed operators (from the configuration), the hashrate each worker, operator and the
 * whole pool delivers (from accepted share difficulty, Σ difficulty × 2^32 / seconds, over 1 min, 10 min, 1 h and
 * 24 h), and the estimated power draw against each allocation and the programme's budget.
 *
 * <p>Seams: {@link org.sovereignpool.operator.TrackingShareRecorder} sits between the Stratum server and the share
 * journal and feeds the {@link org.sovereignpool.operator.HashrateTracker}; {@link
 * org.sovereignpool.operator.PowerAuthorizer} wraps the registered-operators check to refuse new workers of an
 * operator over its allocation (when configured); {@link org.sovereignpool.operator.PowerMonitor} computes the
 * power view and registers its gauges.
 */
package org.sovereignpool.operator;
