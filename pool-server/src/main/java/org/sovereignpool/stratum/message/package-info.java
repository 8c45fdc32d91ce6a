/** The values that cross the Stratum pipeline: decoded requests, malformed lines, and what is written back. */
package org.sovereignpool.stratum.message;
