package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;


@Revision("1")
public record TentacleOwnershipTransferred(EnclaveId enclaveId, TentacleName tentacle, UserId previousOwner, UserId newOwner, OwnershipTransferReason reason, Instant at) {
}
