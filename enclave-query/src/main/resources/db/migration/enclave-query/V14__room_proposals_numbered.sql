-- Proposals are kept as numbers (their slots are sealed to the room's key, issue 26): room.proposals holds each one's
-- number, who proposed it and who acknowledged it, room_participant.accepted the number accepted. Rows written before
-- held the slots in clear: they keep how many proposals there were and who accepted, never a time. Such a proposal has
-- no number to show (0), as one read from a revision-1 event; who proposed it the old rows never said.
UPDATE room
SET proposals = (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(p) = 'object' AND p ? 'number' THEN p
                                                ELSE '{"number": 0, "acknowledgedBy": []}'::jsonb END
                                           ORDER BY n), '[]'::jsonb)
                 FROM jsonb_array_elements(proposals) WITH ORDINALITY AS e (p, n))
WHERE jsonb_array_length(proposals) > 0;

UPDATE room_participant SET accepted = '0'::jsonb WHERE accepted IS NOT NULL AND jsonb_typeof(accepted) <> 'number';
