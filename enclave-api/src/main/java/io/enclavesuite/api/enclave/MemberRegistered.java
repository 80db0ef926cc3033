package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record MemberRegistered(EnclaveId enclaveId, UserId member, Instant at) {
}
