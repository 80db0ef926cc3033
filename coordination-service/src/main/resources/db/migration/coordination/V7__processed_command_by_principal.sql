-- Command ids are unique per principal (the service or tool that signed the envelope), not across the suite: one
-- principal cannot claim another's id. Rows from before signed envelopes keep the empty principal. The digest of
-- what was asked tells a resend (same digest) from a reused id with other content (refused).
ALTER TABLE processed_command ADD COLUMN principal TEXT NOT NULL DEFAULT '';
ALTER TABLE processed_command ADD COLUMN content_digest BYTEA;
ALTER TABLE processed_command DROP CONSTRAINT processed_command_pkey;
ALTER TABLE processed_command ADD PRIMARY KEY (principal, command_id);
ALTER TABLE processed_command ALTER COLUMN principal DROP DEFAULT;
-- An answer in confidence (a deprovision confirmation code) is kept only sealed to the requester's reply key.
ALTER TABLE processed_command ADD COLUMN sealed_details TEXT;
