-- What an accepted command answers besides "yes" (a deprovision confirmation code), as a JSON object of strings.
ALTER TABLE processed_command ADD COLUMN details JSONB;

-- A deprovisioned enclave releases its channel, which may then get a new enclave; its name stays taken for good
-- (event streams and receipts refer to it). So: one row per enclave name, at most one unreleased row per channel.
ALTER TABLE channel_binding DROP CONSTRAINT channel_binding_pkey;
ALTER TABLE channel_binding ADD PRIMARY KEY (enclave);
ALTER TABLE channel_binding DROP CONSTRAINT channel_binding_enclave_key;
ALTER TABLE channel_binding ADD COLUMN released_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX channel_binding_one_enclave_per_channel ON channel_binding (channel_id) WHERE released_at IS NULL;
