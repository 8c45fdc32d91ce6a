/**
 * Energy accounting: estimated energy per operator, site and hour integrated from the applied shares (stored in the
 * ledger database by {@link org.sovereignpool.energy.EnergyAccumulator}), metered energy from the operators' meter
 * readings, realised efficiency against the licence, bitcoin per MWh and the value of mining against selling the
 * power at the configured tariff. Grid curtailment lives in {@code energy.curtailment}.
 */
package org.sovereignpool.energy;
