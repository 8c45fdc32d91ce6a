/**
 * The HTTP side: {@code /metrics} (Prometheus), the JSON API under {@code /api/v1}, and the dashboard at {@code /}.
 *
 * <p>{@link org.sovereignpool.http.PoolHttpServer} is Netty HTTP on {@code http.host:port}: one I/O thread, and
 * the requests themselves on a small separate executor (the API reads the ledger database, which may block).
 * What the API shows comes from a {@link org.sovereignpool.http.PoolStatus}; the runtime's is {@link
 * org.sovereignpool.http.RuntimePoolStatus} (Stratum server, jobs, ledger, hashrate and power). Read endpoints are
 * open; {@code /api/v1/admin/**} needs {@code Authorization: Bearer <http.adminToken>} (401 otherwise, and always
 * when no token is configured). The API is described in {@code ops/openapi.yaml}.
 */
package org.sovereignpool.http;
