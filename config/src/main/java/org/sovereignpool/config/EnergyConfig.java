package org.sovereignpool.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Energy accounting and grid curtailment ({@code energy.*}).
 *
 * @param tariffPerMwh what the surplus power would have fetched if sold, per MWh, in {@code currency}; empty: the
 *     value of mining against selling the power is not computed
 * @param currency ISO 4217 code of the tariff and of the BTC prices admins record ({@code [A-Z]{3}})
 * @param efficiencyTolerancePercent realised efficiency (metered energy / credited hashes) further than this from
 *     the operator's licensed J/TH is flagged, in (0, 100]
 * @param curtailments orders known in advance, recorded in the ledger at start
 */
public record EnergyConfig(
        Optional<Double> tariffPerMwh,
        String currency,
        double efficiencyTolerancePercent,
        List<CurtailmentOrderConfig> curtailments) {
    public static final String DEFAULT_CURRENCY = "USD";
    public static final double DEFAULT_TOLERANCE_PERCENT = 10.0;
    public static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public EnergyConfig {
        Objects.requireNonNull(tariffPerMwh, "tariffPerMwh");
        tariffPerMwh.ifPresent(t -> {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("tariffPerMwh must be a finite number >= 0, got " + t);
            }
        });
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be three capital letters (ISO 4217), got " + currency);
        }
        Require.positiveAtMost(efficiencyTolerancePercent, 100, "efficiencyTolerancePercent");
        curtailments = List.copyOf(curtailments);
    }

    /** No tariff, USD, 10% tolerance, no orders. */
    public static EnergyConfig defaults() {
        return new EnergyConfig(Optional.empty(), DEFAULT_CURRENCY, DEFAULT_TOLERANCE_PERCENT, List.of());
    }
}
