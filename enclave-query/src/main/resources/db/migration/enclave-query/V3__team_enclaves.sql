-- Team enclaves: freeze, deprovisioning, members and tentacles. enclave.last_sequence stays the one guard for every
-- table of an enclave (see EnclaveSequenceGuard): member and tentacle rows carry no sequence of their own.
-- default_mode holds the enclave's current mode (EnclaveModeChanged replaces it).
ALTER TABLE enclave
    ADD COLUMN frozen_reason                TEXT,
    ADD COLUMN frozen_at                    TIMESTAMP WITH TIME ZONE,
    -- the request only; its confirmation code (even hashed) is never stored here
    ADD COLUMN deprovision_requested_by     TEXT,
    ADD COLUMN deprovision_requested_at     TIMESTAMP WITH TIME ZONE,
    ADD COLUMN deprovision_request_expires_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN deprovision_confirmed_by     TEXT,
    ADD COLUMN deprovisioning_started_at    TIMESTAMP WITH TIME ZONE,
    ADD COLUMN deprovisioned_at             TIMESTAMP WITH TIME ZONE;

-- Registered members besides the owner. Deleting an enclave row (a reset) takes its members and tentacles with it.
CREATE TABLE enclave_member (
    enclave       TEXT                     NOT NULL REFERENCES enclave (name) ON DELETE CASCADE,
    member        TEXT                     NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (enclave, member)
);

CREATE INDEX enclave_member_member ON enclave_member (member);

-- Deployed tentacles; a removed one is deleted. dependencies: labels, sorted, comma-separated ('' for none).
CREATE TABLE tentacle (
    enclave      TEXT                     NOT NULL REFERENCES enclave (name) ON DELETE CASCADE,
    name         TEXT                     NOT NULL,
    image        TEXT                     NOT NULL,
    schedule     TEXT,
    mode         TEXT                     NOT NULL,
    owner        TEXT                     NOT NULL,
    dependencies TEXT                     NOT NULL,
    runs         INTEGER                  NOT NULL,
    last_run_at  TIMESTAMP WITH TIME ZONE,
    deployed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (enclave, name)
);
