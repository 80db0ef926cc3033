package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** No rule of the participant's policy matched: they are asked, and the room waits. */
@Revision("1")
public record ParticipationApprovalRequested(
        CoordinationId coordinationId,
        UserId participant,
        String reason,
        Instant at) {
}
