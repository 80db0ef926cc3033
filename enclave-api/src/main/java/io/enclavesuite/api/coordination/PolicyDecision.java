package io.enclavesuite.api.coordination;

import java.util.Objects;

/**
 * What a participant's agent policy decided about joining a room: auto-execute under the rule that matched, ask the
 * participant (saying why), draft the participation for them to approve, or refuse — naming the rule, which aborts
 * the room. {@code outcome} is null only in decisions made before drafts and refusals existed; it then follows
 * {@code autoExecute}.
 */
public record PolicyDecision(boolean autoExecute, String ruleId, String reason, PolicyOutcome outcome) {

    public PolicyDecision {
        outcome = outcome == null ? (autoExecute ? PolicyOutcome.AUTO_EXECUTED : PolicyOutcome.ASKED) : outcome;
        if (autoExecute != (outcome == PolicyOutcome.AUTO_EXECUTED)) {
            throw new IllegalArgumentException("autoExecute and outcome " + outcome.label() + " disagree");
        }
        switch (outcome) {
            case AUTO_EXECUTED -> Objects.requireNonNull(ruleId, "an auto-execution names the rule that decided it");
            case ASKED -> Objects.requireNonNull(reason, "asking the participant says why no rule decided");
            case DRAFTED, REFUSED -> {
                Objects.requireNonNull(ruleId, "a draft or a refusal names the rule that made it");
                Objects.requireNonNull(reason, "a draft or a refusal says why");
            }
        }
    }

    public static PolicyDecision autoExecuted(String ruleId) {
        return new PolicyDecision(true, ruleId, null, PolicyOutcome.AUTO_EXECUTED);
    }

    public static PolicyDecision askParticipant(String reason) {
        return new PolicyDecision(false, null, reason, PolicyOutcome.ASKED);
    }

    /** The agent drafted the participation; the participant approves it (or declines, or defers). */
    public static PolicyDecision drafted(String ruleId, String reason) {
        return new PolicyDecision(false, ruleId, reason, PolicyOutcome.DRAFTED);
    }

    /** A policy check failed: the room aborts for everyone, naming {@code ruleId}. */
    public static PolicyDecision refused(String ruleId, String reason) {
        return new PolicyDecision(false, ruleId, reason, PolicyOutcome.REFUSED);
    }
}
