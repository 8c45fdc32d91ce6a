package org.sovereignpool.energy.curtailment;

import java.util.Objects;
import org.sovereignpool.config.CurtailmentOrderConfig;

/**
 * A grid operator's order as recorded: {@code operatorId} (or {@code all}: the whole programme together) reduce to
 * {@code limitMw} from {@code startMillis} for {@code durationMinutes}.
 *
 * @param enforce withhold new work from the operator's newest workers beyond the limit while the order runs
 * @param issuedBy who issued it (as given)
 * @param recordedVia how it reached the ledger: {@code api} (with the admin request's origin) or {@code config}
 */
public record CurtailmentOrder(
        String id,
        String operatorId,
        double limitMw,
        long startMillis,
        int durationMinutes,
        boolean enforce,
        String issuedBy,
        long recordedMillis,
        String recordedVia) {
    public CurtailmentOrder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(recordedVia, "recordedVia");
    }

    public static CurtailmentOrder of(CurtailmentOrderConfig c, long recordedMillis, String recordedVia) {
        return new CurtailmentOrder(
                c.id(),
                c.operator(),
                c.limitMw(),
                c.start().toEpochMilli(),
                c.durationMinutes(),
                c.enforce(),
                c.issuedBy(),
                recordedMillis,
                recordedVia);
    }

    public long endMillis() {
        return startMillis + durationMinutes * 60_000L;
    }

    public boolean activeAt(long millis) {
        return millis >= startMillis && millis < endMillis();
    }

    /** Whether the order covers this operator (its own, or all). */
    public boolean covers(String operator) {
        return operatorId.equals(CurtailmentOrderConfig.ALL) || operatorId.equals(operator);
    }
}
