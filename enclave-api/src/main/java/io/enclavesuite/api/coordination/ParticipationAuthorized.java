package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code ruleId} names the rule that auto-executed it; null when the participant approved by hand. */
@Revision("1")
public record ParticipationAuthorized(
        CoordinationId coordinationId,
        UserId participant,
        Authorization authorization,
        String ruleId,
        Instant at) {
}
