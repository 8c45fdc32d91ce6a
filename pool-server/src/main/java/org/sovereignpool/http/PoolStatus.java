package org.sovereignpool.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sovereignpool.operator.HashrateWindow;

/**
 * What the API and the dashboard show. Each method returns a value Jackson writes as JSON (records, lists, maps).
 * Methods may block (they read the ledger database); they are called off the I/O thread. A method that cannot
 * answer (database down) throws; the server answers 503 with the message.
 */
public interface PoolStatus {
    /** The pool at a glance: hashrate, connections, shares, job, blocks, treasury, programme power. */
    Object summary() throws Exception;

    /** Every registered operator with hashrate and power against allocation. */
    List<?> operators() throws Exception;

    /** One operator with its workers, or empty when no such operator is registered. */
    Optional<?> operator(String operatorId) throws Exception;

    /** Every version of an operator's registration, oldest first, or empty when it was never registered. */
    Optional<? extends List<?>> operatorHistory(String operatorId) throws Exception;

    /** The pool's (operatorId null) or an operator's hashrate chart over 1 h or 24 h. */
    List<?> hashrateHistory(String operatorId, HashrateWindow window) throws Exception;

    /** Found blocks, newest first, at most {@code limit}. */
    List<?> blocks(int limit) throws Exception;

    /** The treasury: totals and the newest {@code limit} receipts of the hash chain. */
    Object treasury(int limit) throws Exception;

    /** An operator's statement over {@code [fromMillis, toMillis)}, or empty for an unknown operator. */
    Optional<?> statement(String operatorId, long fromMillis, long toMillis) throws Exception;

    /**
     * The public transparency page's data (no login; no worker names, no network addresses), with the newest {@code
     * limit} receipts; empty where there is none.
     */
    default Optional<?> publicReport(int limit) throws Exception {
        return Optional.empty();
    }

    /** For load balancers: {@code healthy} decides 200 or 503; {@code checks} says why. */
    Health health();

    record Health(boolean healthy, Map<String, Object> checks) {}

    // ---- admin

    /** Every worker seen in the last day, with hashrate and last share (admin: worker names are operational data). */
    List<?> workers() throws Exception;

    /** Sends {@code client.show_message} to every connected miner; returns the number of open connections. */
    int showMessage(String text);
}
