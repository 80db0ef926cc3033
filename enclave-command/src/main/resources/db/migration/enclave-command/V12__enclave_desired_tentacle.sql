-- What each tentacle's workload should be, as the tentacle saga last handed it to its port, for the reconciler to
-- rebuild from. A row being applied or removed is the saga's until that step succeeds (the reconciler leaves it
-- alone); a removed tentacle keeps a row, so a back-fill from the saga store at start cannot bring it back. The
-- workload is null only for a removal recorded before the tentacle had a row.
CREATE TABLE enclave_desired_tentacle (
    enclave  TEXT  NOT NULL,
    tentacle TEXT  NOT NULL,
    state    TEXT  NOT NULL CHECK (state IN ('APPLYING', 'APPLIED', 'REMOVING', 'REMOVED')),
    workload JSONB,
    PRIMARY KEY (enclave, tentacle)
);
