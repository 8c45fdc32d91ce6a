-- PPS for real (issue 10, case 1): each applied share is credited at the network difficulty of its job, in the
-- transaction that applies it. Accepted by H2 (MODE=PostgreSQL) and PostgreSQL alike.

-- The compact bits of the jobs' network target of each aggregate (0: not recorded, shares of an older journal).
ALTER TABLE share_agg ADD COLUMN network_bits INTEGER DEFAULT 0 NOT NULL;

-- PPLNS (the block's reward is split over the window) or PPS (the block credits nothing; the programme keeps it).
ALTER TABLE found_block ADD COLUMN payout_scheme VARCHAR(8) DEFAULT 'PPLNS' NOT NULL;

-- Per node, worker, network target and reward: the exact summed share difficulty (a decimal string: the sum of the
-- aggregates' doubles, exactly) and the satoshis credited for it, always floor(reward x sum / networkDifficulty).
CREATE TABLE pps_accrual (
    node_id        INTEGER       NOT NULL,
    operator_id    VARCHAR(32)   NOT NULL,
    worker         VARCHAR(64)   NOT NULL,
    network_bits   INTEGER       NOT NULL,
    reward_sats    BIGINT        NOT NULL,
    sum_difficulty VARCHAR(4000) NOT NULL,
    credited_sats  BIGINT        NOT NULL,
    updated_millis BIGINT        NOT NULL,
    PRIMARY KEY (node_id, operator_id, worker, network_bits, reward_sats)
);

-- The separate PPS pass it replaces never ran (nothing called it).
DROP TABLE pps_progress;
