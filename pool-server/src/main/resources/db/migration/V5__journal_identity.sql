-- Which share journal each node's applied sequence belongs to (issue 10, case 5): a journal that is not the one the
-- ledger applied is refused (or, when it holds no record yet, adopted above the applied sequence), never numbered
-- below it. NULL: applied by a version that did not record it (adopted by the next batch). H2 and PostgreSQL alike.
ALTER TABLE journal_progress ADD COLUMN journal_id VARCHAR(64);
