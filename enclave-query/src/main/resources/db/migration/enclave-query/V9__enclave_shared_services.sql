-- The last recorded state of each shared service besides the database (whose state follows the enclave's status),
-- keyed by service: {"object-storage": {"state": "available", "detail": "bucket enclave-growth", "since": "…"}}.
ALTER TABLE enclave
    ADD COLUMN services JSONB NOT NULL DEFAULT '{}'::jsonb;
