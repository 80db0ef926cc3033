-- One data key per coordination room; never in an event. Destroying it (crypto-shredding) clears the key and keeps
-- the row as a record of when, so a shredded room can never be given a new key.
CREATE TABLE room_key (
    room_id      TEXT                     PRIMARY KEY,
    key_material BYTEA,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    destroyed_at TIMESTAMP WITH TIME ZONE,
    CHECK ((key_material IS NULL) = (destroyed_at IS NOT NULL))
);
