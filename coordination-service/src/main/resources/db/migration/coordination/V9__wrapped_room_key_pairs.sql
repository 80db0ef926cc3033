-- A room's key becomes an X25519 key pair: participants seal their windows to the public half, and the private half
-- is stored wrapped by a key-encryption key (KEK) that is not in this database, so a dump, a replica or a WAL archive
-- opens no room. kek_id names the KEK that wrapped it (a rotation re-wraps). Rows made before this version hold an
-- AES data key in clear in key_material: the service wraps them at start (public_key stays NULL for them) and
-- clears key_material. Destroying a key clears both and keeps the row, so a shredded room never gets a new key.
ALTER TABLE room_key
    ADD COLUMN public_key  TEXT,
    ADD COLUMN wrapped_key BYTEA,
    ADD COLUMN kek_id      TEXT;

ALTER TABLE room_key DROP CONSTRAINT room_key_check;
ALTER TABLE room_key
    ADD CONSTRAINT room_key_destroyed_means_no_key
        CHECK ((destroyed_at IS NOT NULL) = (key_material IS NULL AND wrapped_key IS NULL)),
    ADD CONSTRAINT room_key_wrapped_names_its_kek
        CHECK ((wrapped_key IS NULL) = (kek_id IS NULL));
