-- The Enclave keeps each freeze reason that stands (an owner's freeze outlasts an archive and unarchive of the
-- channel); its snapshots before held one. The aggregate's @Revision("4") makes Axon pass them over; deleting them is
-- the same, sooner: each enclave is sourced from its events, which keep every freeze apart, and snapshotted afresh.
DELETE FROM snapshotevententry
WHERE payloadtype = 'io.enclavesuite.command.enclave.lifecycle.Enclave' AND payloadrevision IS DISTINCT FROM '4';
