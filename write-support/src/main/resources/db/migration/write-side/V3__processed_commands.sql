-- The first result of every command id taken off Kafka: a resend is answered from here and changes nothing.
CREATE TABLE processed_command (
    command_id   UUID                     PRIMARY KEY,
    command_type TEXT                     NOT NULL,
    aggregate_id TEXT,
    status       TEXT                     NOT NULL CHECK (status IN ('ACCEPTED', 'REJECTED')),
    reason       TEXT,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
