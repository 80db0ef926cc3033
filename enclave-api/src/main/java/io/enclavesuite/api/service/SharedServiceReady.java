package io.enclavesuite.api.service;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A shared service of the enclave is available: object storage once its bucket exists, messaging and identity once
 * a tentacle asked for them and their resources exist. The database is available with the enclave's activation.
 */
@Revision("1")
public record SharedServiceReady(EnclaveId enclaveId, Dependency service, String detail, Instant at) {
}
