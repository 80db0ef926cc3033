package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The previous owner is a member from now on. */
@Revision("1")
public record EnclaveOwnershipTransferred(EnclaveId enclaveId, UserId previousOwner, UserId newOwner, Instant at) {
}
