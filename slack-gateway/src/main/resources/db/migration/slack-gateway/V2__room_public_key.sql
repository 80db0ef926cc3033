-- The public key a room's participants seal their windows to (HPKE): the gateway seals a person's windows right
-- after Slack hands it the modal's values, so they leave the gateway only as ciphertext. NULL for rooms made before
-- senders sealed their own windows.
ALTER TABLE room ADD COLUMN room_key TEXT;
