-- The public key a room's participants seal their windows to, shown to them with the room. And what an ended room
-- forgets: proposals and acceptances are times participants shared, kept only while the room is open (a resolved
-- room keeps its outcome, the agreed slot); rooms that expired or aborted before this version forget them now.
ALTER TABLE room ADD COLUMN room_key TEXT;

UPDATE room SET proposals = '[]' WHERE status IN ('expired', 'aborted');
UPDATE room_participant SET accepted = NULL
    WHERE room_id IN (SELECT room_id FROM room WHERE status IN ('expired', 'aborted'));
