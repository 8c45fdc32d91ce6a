/**
 * Grid curtailment: the grid operator's orders as data ({@link org.sovereignpool.energy.curtailment.CurtailmentOrder}),
 * the estimated draw against the ordered limit minute by minute with the energy over it
 * ({@link org.sovereignpool.energy.curtailment.CurtailmentMonitor}), and optional enforcement that withholds new work
 * from an operator's newest workers beyond the limit ({@link org.sovereignpool.energy.curtailment.CurtailmentEnforcer}).
 */
package org.sovereignpool.energy.curtailment;
