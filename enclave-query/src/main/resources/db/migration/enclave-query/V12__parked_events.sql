-- Parked events: each read model's (processing group's) dead letters, as Axon's JdbcSequencedDeadLetterQueue reads and
-- writes them (its default DeadLetterSchema; GenericDeadLetterTableFactory's shape with BYTEA for its blobs — Axon
-- stores the timestamps as ISO-8601 text). One table, a queue per processing group; an aggregate's events are parked in
-- order (sequenceindex) behind the one that failed. docs/operations.md, "Parked events".
CREATE TABLE deadletterentry (
    deadletteridentifier VARCHAR(255) NOT NULL,
    processinggroup      VARCHAR(255) NOT NULL,
    sequenceidentifier   VARCHAR(255) NOT NULL,
    sequenceindex        BIGINT       NOT NULL,
    messagetype          VARCHAR(255) NOT NULL,
    eventidentifier      VARCHAR(255) NOT NULL,
    timestamp            VARCHAR(255) NOT NULL,
    payloadtype          VARCHAR(255) NOT NULL,
    payloadrevision      VARCHAR(255),
    payload              BYTEA        NOT NULL,
    metadata             BYTEA,
    type                 VARCHAR(255),
    aggregateidentifier  VARCHAR(255),
    sequencenumber       BIGINT,
    tokentype            VARCHAR(255),
    token                BYTEA,
    enqueuedat           VARCHAR(255) NOT NULL,
    lasttouched          VARCHAR(255),
    processingstarted    VARCHAR(255),
    causetype            VARCHAR(255),
    causemessage         VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT deadletterentry_pk PRIMARY KEY (deadletteridentifier),
    CONSTRAINT deadletterentry_sequence_index UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);
CREATE INDEX deadletterentry_by_group ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_by_sequence ON deadletterentry (processinggroup, sequenceidentifier);
