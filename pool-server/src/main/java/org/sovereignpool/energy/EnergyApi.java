package org.sovereignpool.energy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.sovereignpool.config.CurtailmentOrderConfig;
import org.sovereignpool.energy.curtailment.CurtailmentMinute;
import org.sovereignpool.energy.curtailment.CurtailmentOrder;
import org.sovereignpool.http.ApiException;
import org.sovereignpool.http.ApiExtension;

/**
 * The energy and curtailment routes:
 *
 * <ul>
 *   <li>{@code GET /api/v1/energy} and {@code /api/v1/energy.csv}: {@code granularity=hour|day} (day), {@code from},
 *       {@code to} (Unix ms or ISO-8601; the last 7 days, or 48 hours by the hour), {@code operator}, {@code site}
 *   <li>{@code GET /api/v1/curtailments} (with each order's minutes; {@code minutes=false} without) and {@code
 *       /api/v1/curtailments.csv} (every recorded minute)
 *   <li>{@code POST /api/v1/admin/meter-readings}: JSON (one reading or {@code {"readings": [...]}}) or {@code
 *       text/csv} ({@value MeterReadings#CSV_HEADER})
 *   <li>{@code POST /api/v1/admin/btc-price}: {@code {"price": 61250.5, "time": "...", "currency": "USD"}}
 *   <li>{@code POST /api/v1/admin/curtailments}: {@code {"operator": "volta"|"all", "limitMw": 60, "start": "...",
 *       "durationMinutes": 90, "enforce": false, "issuedBy": "GRIDCo dispatch", "id": optional}}
 * </ul>
 *
 * Every error names the field (400), e.g. {@code limitMw: must be a number >= 0 (MW), got -1}.
 */
public final class EnergyApi implements ApiExtension {
    private static final String API = "/api/v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    private final EnergyService energy;

    public EnergyApi(EnergyService energy) {
        this.energy = energy;
    }

    @Override
    public Reply handle(Request r) throws Exception {
        return switch (r.path()) {
            case API + "/energy" -> {
                requireGet(r);
                yield Reply.json(200, report(r));
            }
            case API + "/energy.csv" -> {
                requireGet(r);
                yield Reply.text("text/csv; charset=utf-8", EnergyReport.csv(report(r)));
            }
            case API + "/curtailments" -> {
                requireGet(r);
                yield Reply.json(200, Map.of("orders", energy.orders(!"false".equals(r.param("minutes")))));
            }
            case API + "/curtailments.csv" -> {
                requireGet(r);
                yield Reply.text("text/csv; charset=utf-8", minutesCsv());
            }
            case API + "/admin/meter-readings" -> {
                requirePost(r);
                yield meterReadings(r);
            }
            case API + "/admin/btc-price" -> {
                requirePost(r);
                yield btcPrice(r);
            }
            case API + "/admin/curtailments" -> {
                requirePost(r);
                yield curtailment(r);
            }
            default -> null;
        };
    }

    private EnergyReport.Report report(Request r) throws Exception {
        EnergyReport.Granularity g;
        try {
            g = EnergyReport.Granularity.parse(
                    Optional.ofNullable(r.param("granularity")).orElse("day"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        long now = energy.nowMillis();
        long to = time(r.param("to"), "to", now + 1);
        long from = time(r.param("from"), "from", to - (g == EnergyReport.Granularity.DAY ? 7 * DAY : 2 * DAY));
        if (from >= to) {
            throw new ApiException(400, "from must be before to, got from=" + from + " to=" + to);
        }
        if (to - from > 400 * DAY) {
            throw new ApiException(400, "to - from must be at most 400 days");
        }
        Optional<String> operator = Optional.ofNullable(r.param("operator"));
        if (operator.isPresent() && energy.registry().operator(operator.get()).isEmpty()) {
            throw new ApiException(400, "operator: no registered operator \"" + operator.get() + "\"");
        }
        return energy.report(from, to, g, operator, Optional.ofNullable(r.param("site")));
    }

    private String minutesCsv() throws Exception {
        StringBuilder sb = new StringBuilder(
                "order_id,operator,issued_by,enforce,minute_start,minute_seconds,draw_mw,limit_mw,over_limit,over_mwh\n");
        for (EnergyService.OrderView v : energy.orders(true)) {
            for (CurtailmentMinute m : v.minutes()) {
                sb.append(EnergyReport.csvField(m.orderId()))
                        .append(',')
                        .append(m.operatorId())
                        .append(',')
                        .append(EnergyReport.csvField(v.order().issuedBy()))
                        .append(',')
                        .append(v.order().enforce())
                        .append(',')
                        .append(Instant.ofEpochMilli(m.minuteStartMillis()))
                        .append(',')
                        .append(m.minuteMillis() / 1000)
                        .append(',')
                        .append(m.drawMw())
                        .append(',')
                        .append(m.limitMw())
                        .append(',')
                        .append(m.over())
                        .append(',')
                        .append(m.overMwh())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private Reply meterReadings(Request r) throws Exception {
        long now = energy.nowMillis();
        String by = "admin API from " + r.remote();
        MeterReadings.Batch batch;
        try {
            String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
            batch = type.startsWith("text/csv")
                    ? energy.meterReadings().fromCsv(r.bodyText(), now, by)
                    : energy.meterReadings().fromJson(body(r), now, by);
            energy.store().appendReadings(batch.readings(), now, batch.check());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        return Reply.json(200, Map.of("recorded", batch.readings().size()));
    }

    private Reply btcPrice(Request r) throws Exception {
        JsonNode b = body(r);
        JsonNode p = b.get("price");
        if (p == null || !p.isNumber() || !(p.doubleValue() > 0) || Double.isInfinite(p.doubleValue())) {
            throw new ApiException(
                    400, "price: required, a number > 0 (" + energy.config().currency() + " per BTC)");
        }
        long time = b.has("time") ? time(b.get("time"), "time") : energy.nowMillis();
        String currency =
                b.has("currency") ? b.get("currency").asText() : energy.config().currency();
        if (!currency.equals(energy.config().currency())) {
            throw new ApiException(
                    400,
                    "currency: must be the configured energy.currency "
                            + energy.config().currency() + ", got \"" + currency + "\"");
        }
        BtcPrice price = new BtcPrice(time, currency, p.doubleValue(), "admin API from " + r.remote());
        try {
            energy.store().recordPrice(price, energy.nowMillis());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        return Reply.json(200, price);
    }

    private Reply curtailment(Request r) throws Exception {
        JsonNode b = body(r);
        String id = b.has("id")
                ? b.get("id").asText()
                : "order-" + UUID.randomUUID().toString().substring(0, 8);
        if (!CurtailmentOrderConfig.ID_PATTERN.matcher(id).matches()) {
            throw new ApiException(400, "id: must be 1..64 of A-Z, a-z, 0-9, '.', '_', ':' or '-', got \"" + id + "\"");
        }
        JsonNode op = b.get("operator");
        if (op == null || !op.isTextual()) {
            throw new ApiException(400, "operator: required, an operator id or \"all\"");
        }
        String operator = op.textValue();
        if (!operator.equals(CurtailmentOrderConfig.ALL)
                && energy.registry().operator(operator).isEmpty()) {
            throw new ApiException(
                    400, "operator: must be a registered operator id or \"all\", got \"" + operator + "\"");
        }
        JsonNode l = b.get("limitMw");
        if (l == null || !l.isNumber() || !(l.doubleValue() >= 0) || Double.isInfinite(l.doubleValue())) {
            throw new ApiException(400, "limitMw: must be a number >= 0 (MW), got " + (l == null ? "nothing" : l));
        }
        long start = b.has("start") ? time(b.get("start"), "start") : energy.nowMillis();
        JsonNode d = b.get("durationMinutes");
        if (d == null
                || !d.isIntegralNumber()
                || d.longValue() < 1
                || d.longValue() > CurtailmentOrderConfig.MAX_DURATION_MINUTES) {
            throw new ApiException(
                    400,
                    "durationMinutes: must be an integer 1.." + CurtailmentOrderConfig.MAX_DURATION_MINUTES + ", got "
                            + (d == null ? "nothing" : d));
        }
        JsonNode e = b.get("enforce");
        if (e != null && !e.isBoolean()) {
            throw new ApiException(400, "enforce: must be true or false, got " + e);
        }
        JsonNode by = b.get("issuedBy");
        if (by == null
                || !by.isTextual()
                || by.textValue().isBlank()
                || by.textValue().length() > 200) {
            throw new ApiException(400, "issuedBy: required, who issued the order (1..200 characters)");
        }
        CurtailmentOrder order = new CurtailmentOrder(
                id,
                operator,
                l.doubleValue(),
                start,
                d.intValue(),
                e != null && e.booleanValue(),
                by.textValue(),
                energy.nowMillis(),
                "admin API from " + r.remote());
        if (!energy.issue(order)) {
            throw new ApiException(409, "id: an order " + id + " is recorded already");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recorded", energy.view(order, energy.nowMillis(), false));
        return Reply.json(201, out);
    }

    private static JsonNode body(Request r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new ApiException(400, "body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new ApiException(400, "body must be a JSON object");
        }
    }

    private static long time(String v, String field, long dflt) {
        if (v == null) {
            return dflt;
        }
        if (!v.isEmpty() && v.length() < 19 && v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    400,
                    field + ": must be Unix milliseconds or an ISO-8601 UTC time such as"
                            + " 2026-11-29T18:00:00Z, got \"" + v + "\"");
        }
    }

    private static long time(JsonNode v, String field) {
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        return time(v.asText(), field, 0);
    }

    private static void requireGet(Request r) {
        if (!r.method().equals("GET")) {
            throw new ApiException(405, "method " + r.method() + " not allowed here; use GET");
        }
    }

    private static void requirePost(Request r) {
        if (!r.method().equals("POST")) {
            throw new ApiException(405, "method " + r.method() + " not allowed here; use POST");
        }
    }
}
