-- Ledger schema: accepted by H2 (MODE=PostgreSQL) and PostgreSQL alike.

-- How far each pool node's share journal has been applied; updated in the same transaction as the aggregates,
-- which is what makes replaying the journal idempotent.
CREATE TABLE journal_progress (
    node_id        INTEGER PRIMARY KEY,
    applied_seq    BIGINT  NOT NULL,
    updated_millis BIGINT  NOT NULL
);

-- Accepted shares, aggregated per worker per <= 10 s bucket per applied batch; a row covers journal sequences
-- first_seq..last_seq of one node (only this worker's shares among them).
CREATE TABLE share_agg (
    node_id             INTEGER          NOT NULL,
    first_seq           BIGINT           NOT NULL,
    last_seq            BIGINT           NOT NULL,
    operator_id         VARCHAR(32)      NOT NULL,
    worker              VARCHAR(64)      NOT NULL,
    bucket_start_millis BIGINT           NOT NULL,
    share_count         BIGINT           NOT NULL,
    sum_difficulty      DOUBLE PRECISION NOT NULL,
    best_difficulty     DOUBLE PRECISION NOT NULL,
    first_millis        BIGINT           NOT NULL,
    last_millis         BIGINT           NOT NULL,
    max_height          INTEGER          NOT NULL,
    block_candidates    INTEGER          NOT NULL,
    PRIMARY KEY (node_id, first_seq)
);
CREATE INDEX share_agg_window ON share_agg (last_millis, node_id, first_seq);
CREATE INDEX share_agg_operator ON share_agg (operator_id, first_millis);

CREATE TABLE found_block (
    hash               VARCHAR(64)      PRIMARY KEY,
    height             INTEGER          NOT NULL,
    finder_operator    VARCHAR(32)      NOT NULL,
    finder_worker      VARCHAR(64)      NOT NULL,
    found_millis       BIGINT           NOT NULL,
    reward_sats        BIGINT           NOT NULL,
    network_difficulty DOUBLE PRECISION NOT NULL,
    node_id            INTEGER          NOT NULL,
    credit_after_seq   BIGINT           NOT NULL,
    submit_results     VARCHAR(4000)    NOT NULL,
    status             VARCHAR(16)      NOT NULL,
    confirmations      INTEGER          NOT NULL,
    credited           BOOLEAN          NOT NULL,
    updated_millis     BIGINT           NOT NULL
);
CREATE INDEX found_block_status ON found_block (status);
CREATE INDEX found_block_finder ON found_block (finder_operator, found_millis);

-- What the programme owes each operator. source is 'block:<hash>' (PPLNS) or 'pps:<node>:<from>-<to>' (PPS).
CREATE TABLE credit (
    source       VARCHAR(100)     NOT NULL,
    block_hash   VARCHAR(64),
    operator_id  VARCHAR(32)      NOT NULL,
    worker       VARCHAR(64)      NOT NULL,
    scheme       VARCHAR(8)       NOT NULL,
    weight       DOUBLE PRECISION NOT NULL,
    amount_sats  BIGINT           NOT NULL,
    status       VARCHAR(16)      NOT NULL,
    time_millis  BIGINT           NOT NULL,
    PRIMARY KEY (source, operator_id, worker)
);
CREATE INDEX credit_block ON credit (block_hash);
CREATE INDEX credit_operator ON credit (operator_id, time_millis);

CREATE TABLE pps_progress (
    node_id     INTEGER PRIMARY KEY,
    through_seq BIGINT  NOT NULL
);

-- The treasury's receipts: append-only and hash-chained (entry_hash = SHA-256(prev_hash || canonical fields)).
CREATE TABLE treasury_receipt (
    id          BIGINT      PRIMARY KEY,
    height      INTEGER     NOT NULL,
    block_hash  VARCHAR(64) NOT NULL,
    amount_sats BIGINT      NOT NULL,
    time_millis BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    prev_hash   VARCHAR(64) NOT NULL,
    entry_hash  VARCHAR(64) NOT NULL
);

-- One row: the chain's head, locked (SELECT ... FOR UPDATE) by whoever appends, so appends are serial.
CREATE TABLE receipt_head (
    id        INTEGER     PRIMARY KEY,
    last_id   BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO receipt_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
