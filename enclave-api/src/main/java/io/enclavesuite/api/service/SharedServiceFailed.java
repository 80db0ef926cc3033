package io.enclavesuite.api.service;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A shared service could not be set up. The enclave stays ACTIVE (only its database is required for that); the
 * next deploy of a tentacle that needs the service tries again.
 */
@Revision("1")
public record SharedServiceFailed(EnclaveId enclaveId, Dependency service, String reason, Instant at) {
}
