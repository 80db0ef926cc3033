-- The last time Kubernetes kept refusing a tentacle's workload through every retry, until the next deploy or update
-- (which tries again).
ALTER TABLE tentacle
    ADD COLUMN workload_failure    TEXT,
    ADD COLUMN workload_failed_at  TIMESTAMP WITH TIME ZONE;
