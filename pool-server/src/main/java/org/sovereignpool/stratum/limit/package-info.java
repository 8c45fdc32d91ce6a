/**
 * Who may connect to the Stratum port and what a connection may cost: the caps (global, per site behind NAT, per
 * address), the offences that close a connection or ban an address, and the bans themselves ({@link
 * org.sovereignpool.stratum.limit.BanList}, in memory here; a cluster console may keep them elsewhere).
 */
package org.sovereignpool.stratum.limit;
