package org.sovereignpool.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole, validated pool configuration. Load it with {@link ConfigLoader}; the built-in demo is
 * {@link DemoConfig#load()}.
 *
 * @param nodes may be empty here; a real {@code run} needs at least one (checked by the server)
 * @param operators at least one; ids unique
 * @param power the power policy (programme budget, warning share, refusing new workers over allocation)
 * @param energy energy accounting and curtailment (tariff, currency, efficiency tolerance, orders known in advance)
 * @param job how jobs are made from blocks and templates ({@link JobConfig})
 */
public record PoolConfig(
        Network network,
        TreasuryConfig treasury,
        PoolIdentity pool,
        StratumConfig stratum,
        DifficultyConfig difficulty,
        List<NodeConfig> nodes,
        LedgerConfig ledger,
        HttpConfig http,
        List<OperatorConfig> operators,
        PayoutConfig payout,
        PowerConfig power,
        EnergyConfig energy,
        JobConfig job) {
    public PoolConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(treasury, "treasury");
        if (treasury.network() != network) {
            throw new IllegalArgumentException(
                    "treasury is for " + treasury.network() + " but the network is " + network);
        }
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(stratum, "stratum");
        Objects.requireNonNull(difficulty, "difficulty");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(http, "http");
        operators = List.copyOf(operators);
        Objects.requireNonNull(payout, "payout");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(job, "job");
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("at least one operator is required");
        }
        Set<String> ids = new HashSet<>();
        for (OperatorConfig o : operators) {
            if (!ids.add(o.id())) {
                throw new IllegalArgumentException("duplicate operator id " + o.id());
            }
        }
        for (CurtailmentOrderConfig order : energy.curtailments()) {
            if (!order.operator().equals(CurtailmentOrderConfig.ALL) && !ids.contains(order.operator())) {
                throw new IllegalArgumentException(
                        "curtailment order " + order.id() + " names unregistered operator " + order.operator());
            }
        }
        for (ListenerConfig l : stratum.listeners()) {
            l.difficulty().ifPresent(d -> {
                if (!difficulty.allows(d)) {
                    throw new IllegalArgumentException("listener difficulty " + d + " is outside min..max");
                }
            });
        }
    }

    /** Without a {@code job} section: {@link JobConfig#defaults()}. */
    public PoolConfig(
            Network network,
            TreasuryConfig treasury,
            PoolIdentity pool,
            StratumConfig stratum,
            DifficultyConfig difficulty,
            List<NodeConfig> nodes,
            LedgerConfig ledger,
            HttpConfig http,
            List<OperatorConfig> operators,
            PayoutConfig payout,
            PowerConfig power,
            EnergyConfig energy) {
        this(
                network,
                treasury,
                pool,
                stratum,
                difficulty,
                nodes,
                ledger,
                http,
                operators,
                payout,
                power,
                energy,
                JobConfig.defaults());
    }

    /** Without an {@code energy} section: {@link EnergyConfig#defaults()}. */
    public PoolConfig(
            Network network,
            TreasuryConfig treasury,
            PoolIdentity pool,
            StratumConfig stratum,
            DifficultyConfig difficulty,
            List<NodeConfig> nodes,
            LedgerConfig ledger,
            HttpConfig http,
            List<OperatorConfig> operators,
            PayoutConfig payout,
            PowerConfig power) {
        this(
                network,
                treasury,
                pool,
                stratum,
                difficulty,
                nodes,
                ledger,
                http,
                operators,
                payout,
                power,
                EnergyConfig.defaults());
    }

    /** Without a {@code power} section: {@link PowerConfig#defaults()}. */
    public PoolConfig(
            Network network,
            TreasuryConfig treasury,
            PoolIdentity pool,
            StratumConfig stratum,
            DifficultyConfig difficulty,
            List<NodeConfig> nodes,
            LedgerConfig ledger,
            HttpConfig http,
            List<OperatorConfig> operators,
            PayoutConfig payout) {
        this(
                network,
                treasury,
                pool,
                stratum,
                difficulty,
                nodes,
                ledger,
                http,
                operators,
                payout,
                PowerConfig.defaults(),
                EnergyConfig.defaults());
    }

    /** The operator with this id, if registered. */
    public Optional<OperatorConfig> operator(String id) {
        return operators.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** Whether an operator with this id is registered. */
    public boolean hasOperator(String id) {
        return operator(id).isPresent();
    }

    /** The sum of all operators' allocations, in MW. */
    public double totalAllocationMw() {
        return operators.stream().mapToDouble(OperatorConfig::allocationMw).sum();
    }
}
