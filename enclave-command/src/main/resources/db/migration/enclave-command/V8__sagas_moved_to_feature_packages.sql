-- The sagas moved into the feature packages (io.enclavesuite.command.enclave.<feature>); Axon's saga store finds a
-- saga by its class's full name, so the stored ones follow. Deadlines need nothing: they name the saga by its simple
-- name, and the deadline handlers do not read the stored payload, whose class name moved too.
CREATE TEMPORARY TABLE moved_saga (old_type, new_type) ON COMMIT DROP AS VALUES
    ('io.enclavesuite.command.lifecycle.ProvisioningSaga', 'io.enclavesuite.command.enclave.lifecycle.ProvisioningSaga'),
    ('io.enclavesuite.command.lifecycle.DeprovisioningSaga', 'io.enclavesuite.command.enclave.lifecycle.DeprovisioningSaga'),
    ('io.enclavesuite.command.tentacle.TentacleSaga', 'io.enclavesuite.command.enclave.tentacle.TentacleSaga'),
    ('io.enclavesuite.command.tentacle.SchemaRetentionSaga', 'io.enclavesuite.command.enclave.tentacle.SchemaRetentionSaga'),
    ('io.enclavesuite.command.services.ObjectStorageSaga', 'io.enclavesuite.command.enclave.services.ObjectStorageSaga');

UPDATE sagaentry SET sagatype = moved_saga.new_type FROM moved_saga WHERE sagatype = moved_saga.old_type;
UPDATE associationvalueentry SET sagatype = moved_saga.new_type FROM moved_saga WHERE sagatype = moved_saga.old_type;

-- Snapshots of the Enclave aggregate name its old class and hold its old shape; the aggregate's @Revision("2")
-- makes Axon pass them over (an enclave is then sourced from all its events); deleting them is the same, sooner.
DELETE FROM snapshotevententry WHERE payloadtype = 'io.enclavesuite.command.lifecycle.Enclave';
