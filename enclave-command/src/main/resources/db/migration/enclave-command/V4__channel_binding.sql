-- One enclave per Slack channel, and one channel per enclave. Written by a subscribing handler in the transaction
-- that stores EnclaveProvisioningStarted, so a second claim on a channel rolls the whole command back.
CREATE TABLE channel_binding (
    channel_id TEXT PRIMARY KEY,
    enclave    TEXT NOT NULL UNIQUE
);
