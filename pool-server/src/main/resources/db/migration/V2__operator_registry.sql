-- The operator registry with its history: each change of an operator's registration (from the configuration) is a
-- new version; a version is never updated. active = false records that the operator was removed.
-- Accepted by H2 (MODE=PostgreSQL) and PostgreSQL alike.
CREATE TABLE operator_version (
    operator_id         VARCHAR(32)      NOT NULL,
    version             INTEGER          NOT NULL,
    changed_millis      BIGINT           NOT NULL,
    name                VARCHAR(200)     NOT NULL,
    licence             VARCHAR(200),
    allocation_mw       DOUBLE PRECISION NOT NULL,
    efficiency_j_per_th DOUBLE PRECISION NOT NULL,
    sites               VARCHAR(4000)    NOT NULL,
    active              BOOLEAN          NOT NULL,
    PRIMARY KEY (operator_id, version)
);
