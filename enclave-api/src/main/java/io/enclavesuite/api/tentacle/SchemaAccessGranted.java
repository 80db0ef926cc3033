package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code grantee} may now read (or write) the tables in {@code tentacle}'s schema; replaces an earlier grant.
 *
 * @param granteeGeneration the data generation of the grantee's deployment (its database role is that generation's;
 *                          see {@link TentacleDeployed#dataGeneration()}); null in events stored before it was
 *                          recorded (generation 0)
 */
@Revision("1")
public record SchemaAccessGranted(EnclaveId enclaveId, TentacleName tentacle, TentacleName grantee,
                                  SchemaAccess access, Instant at,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Integer granteeGeneration) {

    /** As recorded before the grantee's generation was. */
    public SchemaAccessGranted(EnclaveId enclaveId, TentacleName tentacle, TentacleName grantee, SchemaAccess access,
                               Instant at) {
        this(enclaveId, tentacle, grantee, access, at, null);
    }
}
