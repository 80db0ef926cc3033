package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A person removes a rule from their own agent policy. */
public record RemoveAutonomyRule(@TargetAggregateIdentifier UserId owner, String ruleId) {

    public RemoveAutonomyRule {
        Objects.requireNonNull(owner, "owner is required");
        Objects.requireNonNull(ruleId, "ruleId is required");
    }
}
