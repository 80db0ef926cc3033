-- Every event of every enclave and room with its metadata: the audit history, and what "Why?" will walk.
CREATE TABLE event_history (
    event_id       TEXT                     PRIMARY KEY,
    aggregate_id   TEXT                     NOT NULL,
    kind           TEXT                     NOT NULL CHECK (kind IN ('team', 'coordination', 'policy')),
    sequence       BIGINT                   NOT NULL,
    type           TEXT                     NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          TEXT,
    channel_id     TEXT,
    via            TEXT,
    trace_id       TEXT,
    correlation_id TEXT,
    payload        JSONB                    NOT NULL,
    metadata       JSONB                    NOT NULL,
    UNIQUE (aggregate_id, sequence)
);
CREATE INDEX event_history_by_time ON event_history (aggregate_id, occurred_at);
CREATE INDEX event_history_by_correlation ON event_history (correlation_id);
