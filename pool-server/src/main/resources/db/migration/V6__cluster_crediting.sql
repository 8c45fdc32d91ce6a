-- Cluster-safe crediting (issue 10, case 3). Accepted by H2 (MODE=PostgreSQL) and PostgreSQL alike.

-- Every share of the node stamped at or before this time is applied (0: none known). A block is credited only when
-- every node with a live lease is applied past the block's time (or has released its lease, or let it run out).
ALTER TABLE journal_progress ADD COLUMN watermark_millis BIGINT DEFAULT 0 NOT NULL;

-- Set when shares stamped at or before a credited block's time were applied after it was credited (a node caught up
-- late): its credits are recomputed, and a change is a RECREDITED treasury receipt.
ALTER TABLE found_block ADD COLUMN recredit_due BOOLEAN DEFAULT FALSE NOT NULL;
-- What the crediting relied on: each node applied past the block, released, or declared down.
ALTER TABLE found_block ADD COLUMN credit_basis VARCHAR(2000);

-- Credits replaced by a recomputation, with the revision they belonged to (1 = the first crediting) and when.
CREATE TABLE credit_history (
    source            VARCHAR(100)     NOT NULL,
    block_hash        VARCHAR(64),
    operator_id       VARCHAR(32)      NOT NULL,
    worker            VARCHAR(64)      NOT NULL,
    scheme            VARCHAR(8)       NOT NULL,
    weight            DOUBLE PRECISION NOT NULL,
    amount_sats       BIGINT           NOT NULL,
    status            VARCHAR(16)      NOT NULL,
    time_millis       BIGINT           NOT NULL,
    revision          INTEGER          NOT NULL,
    superseded_millis BIGINT           NOT NULL,
    PRIMARY KEY (source, operator_id, worker, revision)
);
CREATE INDEX credit_history_block ON credit_history (block_hash);
ALTER TABLE found_block ADD COLUMN credit_revision INTEGER DEFAULT 0 NOT NULL;
