package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The member is gone; TentacleOwnershipTransferred events follow for each tentacle they owned. */
@Revision("1")
public record MemberRemoved(EnclaveId enclaveId, UserId member, Instant at) {
}
