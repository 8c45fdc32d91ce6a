-- One operator registry for the cluster (issue 10, case 9): each change of the registry as a whole is a numbered
-- version, with when, by which node, and what changed; a node whose configuration differs from the current registry
-- refuses to start unless it is told to record its configuration (run --update-registry). Version 0 would be the
-- empty registry. Accepted by H2 (MODE=PostgreSQL) and PostgreSQL alike.
CREATE TABLE operator_registry_change (
    version        INTEGER       PRIMARY KEY,
    changed_millis BIGINT        NOT NULL,
    changed_by     VARCHAR(200)  NOT NULL,
    summary        VARCHAR(4000) NOT NULL
);
