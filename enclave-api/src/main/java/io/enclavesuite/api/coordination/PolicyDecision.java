package io.enclavesuite.api.coordination;

import java.util.Objects;

/**
 * What a participant's agent policy decided about joining a room: auto-execute under the rule that matched, or ask
 * the participant, saying why.
 */
public record PolicyDecision(boolean autoExecute, String ruleId, String reason) {

    public PolicyDecision {
        if (autoExecute) {
            Objects.requireNonNull(ruleId, "an auto-execution names the rule that decided it");
        } else {
            Objects.requireNonNull(reason, "asking the participant says why no rule decided");
        }
    }

    public static PolicyDecision autoExecuted(String ruleId) {
        return new PolicyDecision(true, ruleId, null);
    }

    public static PolicyDecision askParticipant(String reason) {
        return new PolicyDecision(false, null, reason);
    }
}
