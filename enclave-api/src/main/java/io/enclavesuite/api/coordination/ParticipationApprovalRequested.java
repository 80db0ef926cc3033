package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The participant's agent did not join on its own: they are asked, and the room waits. {@code label} is
 * {@link TrustLabel#DRAFTED} when the agent drafted the participation (draft-only level, or the weekly budget spent),
 * with the rule that drafted it in {@code ruleId}, and {@code approveBy} when the draft must be approved in time or the
 * room aborts; null in requests recorded before drafts existed (then: awaiting approval, no rule, no deadline).
 */
@Revision("1")
public record ParticipationApprovalRequested(
        CoordinationId coordinationId,
        UserId participant,
        String reason,
        Instant at,
        TrustLabel label,
        String ruleId,
        Instant approveBy) {

    /** A plain request to approve: no rule matched. */
    public ParticipationApprovalRequested(CoordinationId coordinationId, UserId participant, String reason,
                                          Instant at) {
        this(coordinationId, participant, reason, at, TrustLabel.AWAITING_APPROVAL, null, null);
    }
}
