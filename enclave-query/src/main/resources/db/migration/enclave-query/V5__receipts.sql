-- Signed receipts of ended enclaves (resolved rooms, deprovisioned team enclaves), as issued, and who holds each.
CREATE TABLE receipt (
    receipt_id   TEXT                     PRIMARY KEY,
    enclave_kind TEXT                     NOT NULL,
    enclave_id   TEXT                     NOT NULL,
    issued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    document     JSONB                    NOT NULL
);

CREATE TABLE receipt_holder (
    receipt_id TEXT NOT NULL REFERENCES receipt (receipt_id),
    user_id    TEXT NOT NULL,
    PRIMARY KEY (user_id, receipt_id)
);
