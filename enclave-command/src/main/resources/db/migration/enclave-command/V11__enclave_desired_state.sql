-- What the cluster should hold for each enclave, folded from its events by a subscribing handler in the transaction
-- that appends them, so the reconciler never reads a state the sagas have not been handed yet. The annotations last
-- put on the namespace tell a change we made to the desired state (converged quietly) from someone's edit (drift).
CREATE TABLE enclave_desired_state (
    enclave             TEXT PRIMARY KEY,
    status              TEXT        NOT NULL,
    owner               TEXT        NOT NULL,
    channel_id          TEXT        NOT NULL,
    channel_name        TEXT        NOT NULL,
    mode                TEXT        NOT NULL,
    quota               TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    applied_annotations JSONB       NOT NULL
);
