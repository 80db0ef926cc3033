package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The person's agent policy decided about an invitation to {@code room} from {@code initiator}: with the rule that
 * decided ({@code ruleId}, null when the person is simply asked). Each counts towards the sender's inbound rate.
 */
@Revision("1")
public record InvitationEvaluated(UserId owner, CoordinationId room, UserId initiator, PolicyOutcome outcome, String ruleId, Instant at) {
}
