/**
 * The Stratum V1 server on Netty: {@link org.sovereignpool.stratum.StratumServer} (listeners, job broadcast, drain),
 * its pipeline ({@link org.sovereignpool.stratum.StratumChannelInitializer}, names in
 * {@link org.sovereignpool.stratum.StratumHandlerNames}), metrics, extranonce1 allocation and the default authorizer.
 * Subpackages: {@code codec}, {@code message}, {@code handler}, {@code session}, {@code vardiff}.
 */
package org.sovereignpool.stratum;
