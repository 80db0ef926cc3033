package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The participant acknowledged the request to approve without answering yet; they stay awaiting approval. */
@Revision("1")
public record ApprovalDeferred(CoordinationId coordinationId, UserId participant, Instant at) {
}
