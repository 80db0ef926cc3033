-- (The same table in each write service's schema: write-side migrations share the services' version numbers.)
-- The replicas of a write service that are alive: each renews its row every enclave.replicas.balance-interval
-- (database time), so every replica can count the others and keep no more processor segments than its share.
CREATE TABLE write_replica (
    node_id TEXT                     PRIMARY KEY,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
