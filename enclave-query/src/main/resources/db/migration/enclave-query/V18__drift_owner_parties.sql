-- The reconciler's findings concern the enclave's owner at the time, though the reconciler acted alone: the rows the
-- projection now writes for new drift, back-filled for the history already kept.
INSERT INTO event_party (party, occurred_at, aggregate_id, sequence)
SELECT owner.id, h.occurred_at, h.aggregate_id, h.sequence
FROM event_history h
CROSS JOIN LATERAL (
    SELECT coalesce(o.payload ->> 'newOwner', o.payload ->> 'owner') AS id
    FROM event_history o
    WHERE o.aggregate_id = h.aggregate_id AND o.sequence < h.sequence
      AND o.type IN ('EnclaveProvisioningStarted', 'EnclaveOwnershipTransferred')
    ORDER BY o.sequence DESC
    LIMIT 1) owner
WHERE h.type IN ('DriftRepaired', 'DriftDetected') AND owner.id IS NOT NULL
ON CONFLICT DO NOTHING;
