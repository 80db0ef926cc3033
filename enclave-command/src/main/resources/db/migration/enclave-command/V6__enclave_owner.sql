-- Who owns each enclave, for the per-owner limit (a set-based rule, like one enclave per channel). Kept by the
-- same subscribing handler, inside the appending transaction.
ALTER TABLE channel_binding ADD COLUMN owner TEXT;
CREATE INDEX channel_binding_live_by_owner ON channel_binding (owner) WHERE released_at IS NULL;
