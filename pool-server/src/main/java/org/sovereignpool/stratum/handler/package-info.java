/**
 * The pipeline's handlers: one per Stratum method, the malformed-line and unknown-method answers, the session
 * lifecycle with its timers, the per-IP cap, and the exception handler last. Handlers decide; the codec translates;
 * {@link org.sovereignpool.stratum.session.StratumDisconnector} closes. All run on the connection's event loop.
 */
package org.sovereignpool.stratum.handler;
