/**
 * The pipeline's handlers: the dispatcher and one method handler per Stratum method behind it, the malformed-line and
 * unknown-method answers, the session lifecycle (registration, back-pressure), and the exception handler last. The
 * handshake and idle timeouts are the session registry's sweep, not handlers. Handlers decide; the codec translates;
 * {@link org.sovereignpool.stratum.session.StratumDisconnector} closes. All run on the connection's event loop.
 */
package org.sovereignpool.stratum.handler;
