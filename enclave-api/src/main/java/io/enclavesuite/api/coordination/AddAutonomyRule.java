package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A person adds a rule to their own agent policy (a rule id already used is replaced). */
public record AddAutonomyRule(@TargetAggregateIdentifier UserId owner, AutonomyRule rule) {

    public AddAutonomyRule {
        Objects.requireNonNull(owner, "owner is required");
        Objects.requireNonNull(rule, "rule is required");
    }
}
