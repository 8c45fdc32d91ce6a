package org.sovereignpool.config;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A grid operator's curtailment order known in advance ({@code energy.curtailments[]}): "operator (or all) reduce to
 * {@code limitMw} from {@code start} for {@code durationMinutes}". Recorded in the ledger at start (once, by id);
 * orders issued later come through the admin API ({@code POST /api/v1/admin/curtailments}).
 *
 * @param id {@code [A-Za-z0-9._:-]{1,64}}, unique
 * @param operator an operator id, or {@link #ALL} for the whole programme's draw together
 * @param limitMw the ordered ceiling in MW, finite and >= 0
 * @param durationMinutes 1..10,080 (a week)
 * @param enforce when true, the pool withholds new work from the operator's newest workers beyond the limit
 * @param issuedBy who issued the order (the grid operator's reference), non-blank
 */
public record CurtailmentOrderConfig(
        String id,
        String operator,
        double limitMw,
        Instant start,
        int durationMinutes,
        boolean enforce,
        String issuedBy) {
    public static final String ALL = "all";
    public static final int MAX_DURATION_MINUTES = 10_080;
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public CurtailmentOrderConfig {
        Objects.requireNonNull(id, "id");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("order id must match " + ID_PATTERN + ", got " + id);
        }
        Require.nonBlank(operator, "operator");
        if (!(limitMw >= 0) || Double.isInfinite(limitMw)) {
            throw new IllegalArgumentException("limitMw must be a finite number >= 0, got " + limitMw);
        }
        Objects.requireNonNull(start, "start");
        Require.range(durationMinutes, 1, MAX_DURATION_MINUTES, "durationMinutes");
        Require.nonBlank(issuedBy, "issuedBy");
    }

    /** The first instant after the order. */
    public Instant end() {
        return start.plusSeconds(60L * durationMinutes);
    }
}
