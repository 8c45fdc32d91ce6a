-- A fresh treasury address per found block (issue 14, treasury.descriptor). Accepted by H2 (MODE=PostgreSQL) and
-- PostgreSQL alike.

-- The descriptor index the block's coinbase paid (NULL: a fixed treasury.address, or a block found before this
-- migration). Written in the same insert as the block; the found-block file's lines carry it too.
ALTER TABLE found_block ADD COLUMN treasury_index BIGINT;
CREATE INDEX found_block_treasury_index ON found_block (treasury_index);

-- Per pool node: the index its jobs pay now (the next one no found block has used). Each node owns the range
-- node_id * 2^23 .. node_id * 2^23 + 2^23 - 1, so two nodes on one database never pay the same index without any
-- lock between them; the row is written before the first job pays the index, and again when a found block uses it.
CREATE TABLE treasury_cursor (
    node_id        INTEGER PRIMARY KEY,
    next_index     BIGINT  NOT NULL,
    updated_millis BIGINT  NOT NULL
);
