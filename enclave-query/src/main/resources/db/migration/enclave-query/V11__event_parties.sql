-- Whom each event of the history concerns: its actor, and the person it names as participant, member, owner, new
-- owner or decider ("by"). The Activity feed pages through one person's rows in this index's order, newest first,
-- instead of testing every row of the history for the person (a scan of the whole table on every call).
CREATE TABLE event_party (
    party        TEXT COLLATE "C"         NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    aggregate_id TEXT COLLATE "C"         NOT NULL,
    sequence     BIGINT                   NOT NULL
);
CREATE UNIQUE INDEX event_party_feed ON event_party (party, occurred_at DESC, aggregate_id, sequence DESC);

INSERT INTO event_party (party, occurred_at, aggregate_id, sequence)
SELECT DISTINCT party.id, h.occurred_at, h.aggregate_id, h.sequence
FROM event_history h
CROSS JOIN LATERAL (VALUES (h.actor), (h.payload ->> 'participant'), (h.payload ->> 'member'),
                           (h.payload ->> 'owner'), (h.payload ->> 'newOwner'), (h.payload ->> 'by')) AS party (id)
WHERE party.id IS NOT NULL;
