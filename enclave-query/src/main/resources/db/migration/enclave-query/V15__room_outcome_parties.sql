-- A room's outcomes concern every participant, not only whoever caused them (a receipt, every holder): the rows
-- the projection now writes for new events, back-filled for the history already kept.
INSERT INTO event_party (party, occurred_at, aggregate_id, sequence)
SELECT DISTINCT people.id, h.occurred_at, h.aggregate_id, h.sequence
FROM event_history h
JOIN event_history created ON created.aggregate_id = h.aggregate_id AND created.type = 'CoordinationCreated'
CROSS JOIN LATERAL jsonb_array_elements_text(created.payload -> 'participants') AS people (id)
WHERE h.type IN ('CoordinationOpened', 'CoordinationResolved', 'CoordinationExpired', 'CoordinationAborted',
                 'CoordinationDataShredded')
ON CONFLICT DO NOTHING;

INSERT INTO event_party (party, occurred_at, aggregate_id, sequence)
SELECT DISTINCT holder.id, h.occurred_at, h.aggregate_id, h.sequence
FROM event_history h
CROSS JOIN LATERAL jsonb_array_elements_text(h.payload -> 'holders') AS holder (id)
WHERE h.type = 'ReceiptIssued'
ON CONFLICT DO NOTHING;
