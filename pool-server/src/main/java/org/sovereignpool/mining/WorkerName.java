package org.sovereignpool.mining;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Stratum username {@code operator.worker}: the licensed operator's id (as registered in the configuration) and
 * a worker name the operator chooses freely within limits. A bare {@code operator} is worker {@code "default"}.
 */
public record WorkerName(String operatorId, String worker) {
    public static final int MAX_WORKER_LENGTH = 64;
    private static final Pattern OPERATOR = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9._:@+-]{1," + MAX_WORKER_LENGTH + "}");

    public WorkerName {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(worker, "worker");
        if (!OPERATOR.matcher(operatorId).matches()) {
            throw new IllegalArgumentException("operator id must match " + OPERATOR + ", got \"" + operatorId + "\"");
        }
        if (!WORKER.matcher(worker).matches()) {
            throw new IllegalArgumentException(
                    "worker name must be 1.." + MAX_WORKER_LENGTH + " of [A-Za-z0-9._:@+-], got \"" + worker + "\"");
        }
    }

    /** Parses {@code operator.worker}; the operator part is case-insensitive (firmware UIs capitalise). */
    public static WorkerName parse(String username) {
        Objects.requireNonNull(username, "username");
        int dot = username.indexOf('.');
        String operator = (dot < 0 ? username : username.substring(0, dot)).toLowerCase(java.util.Locale.ROOT);
        String worker = dot < 0 ? "default" : username.substring(dot + 1);
        return new WorkerName(operator, worker);
    }

    @Override
    public String toString() {
        return operatorId + "." + worker;
    }
}
