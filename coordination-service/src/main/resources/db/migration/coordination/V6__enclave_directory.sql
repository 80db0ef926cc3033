-- Who belongs to which team enclave (its owner and members), kept from enclave.events: the one fact about team
-- enclaves an autonomy rule ("meeting syncs started by members of enclaves I belong to") looks at.
CREATE TABLE enclave_directory (
    enclave TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (enclave, user_id)
);
CREATE INDEX enclave_directory_by_user ON enclave_directory (user_id);
