-- One row per team enclave. last_sequence is the aggregate sequence of the last event applied, so a replayed
-- or redelivered event changes nothing.
CREATE TABLE enclave (
    name           TEXT                     PRIMARY KEY,
    status         TEXT                     NOT NULL,
    owner          TEXT                     NOT NULL,
    channel_id     TEXT                     NOT NULL,
    channel_name   TEXT                     NOT NULL,
    namespace      TEXT                     NOT NULL,
    default_mode   TEXT                     NOT NULL,
    quota          TEXT                     NOT NULL,
    failure_reason TEXT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_at   TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sequence  BIGINT                   NOT NULL
);

CREATE INDEX enclave_channel ON enclave (channel_id);
CREATE INDEX enclave_owner ON enclave (owner);
