-- Energy accounting and grid curtailment (issue 14). Accepted by H2 (MODE=PostgreSQL) and PostgreSQL alike.

-- Estimated energy per operator, site and hour, integrated from the applied shares (share_agg): hashes =
-- sum_difficulty x 2^32, estimated_mwh = hashes / 10^12 x efficiency (J/TH) / 3.6 x 10^9. Written by the energy
-- accumulator off the Stratum path; an hour is rewritten while shares may still reach it.
CREATE TABLE energy_hour (
    operator_id          VARCHAR(32)      NOT NULL,
    site                 VARCHAR(64)      NOT NULL,
    hour_start_millis    BIGINT           NOT NULL,
    share_count          BIGINT           NOT NULL,
    sum_difficulty       DOUBLE PRECISION NOT NULL,
    efficiency_j_per_th  DOUBLE PRECISION NOT NULL,
    estimated_mwh        DOUBLE PRECISION NOT NULL,
    updated_millis       BIGINT           NOT NULL,
    PRIMARY KEY (operator_id, site, hour_start_millis)
);
CREATE INDEX energy_hour_time ON energy_hour (hour_start_millis);

-- A site's meter register (cumulative MWh) at a time; per site strictly later and never lower than the reading before.
CREATE TABLE meter_reading (
    operator_id      VARCHAR(32)      NOT NULL,
    site             VARCHAR(64)      NOT NULL,
    reading_millis   BIGINT           NOT NULL,
    cumulative_mwh   DOUBLE PRECISION NOT NULL,
    recorded_millis  BIGINT           NOT NULL,
    recorded_by      VARCHAR(200)     NOT NULL,
    PRIMARY KEY (operator_id, site, reading_millis)
);

-- BTC prices recorded by an admin (no network price feed): the price in force at a time is the latest at or before it.
CREATE TABLE btc_price (
    time_millis      BIGINT           NOT NULL,
    currency         VARCHAR(3)       NOT NULL,
    price            DOUBLE PRECISION NOT NULL,
    recorded_millis  BIGINT           NOT NULL,
    recorded_by      VARCHAR(200)     NOT NULL,
    PRIMARY KEY (currency, time_millis)
);

-- The grid operator's orders: operator (or 'all') reduce to limit_mw from start for duration_minutes.
CREATE TABLE curtailment_order (
    id                VARCHAR(64)      PRIMARY KEY,
    operator_id       VARCHAR(32)      NOT NULL,
    limit_mw          DOUBLE PRECISION NOT NULL,
    start_millis      BIGINT           NOT NULL,
    end_millis        BIGINT           NOT NULL,
    duration_minutes  INTEGER          NOT NULL,
    enforce           BOOLEAN          NOT NULL,
    issued_by         VARCHAR(200)     NOT NULL,
    recorded_millis   BIGINT           NOT NULL,
    recorded_via      VARCHAR(200)     NOT NULL
);
CREATE INDEX curtailment_order_time ON curtailment_order (end_millis, start_millis);

-- During an order, each minute: the estimated draw (from the shares applied in that minute) against the limit, and
-- the energy over it (MWh). operator_id is the order's operator, or 'all'.
CREATE TABLE curtailment_minute (
    order_id            VARCHAR(64)      NOT NULL,
    minute_start_millis BIGINT           NOT NULL,
    minute_millis       BIGINT           NOT NULL,
    operator_id         VARCHAR(32)      NOT NULL,
    draw_mw             DOUBLE PRECISION NOT NULL,
    limit_mw            DOUBLE PRECISION NOT NULL,
    over_mwh            DOUBLE PRECISION NOT NULL,
    updated_millis      BIGINT           NOT NULL,
    PRIMARY KEY (order_id, minute_start_millis)
);
