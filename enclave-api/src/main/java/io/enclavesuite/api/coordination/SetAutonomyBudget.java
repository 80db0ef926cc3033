package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A person sets their agent's weekly budget; {@code budget} null means none (unlimited). */
public record SetAutonomyBudget(@TargetAggregateIdentifier UserId owner, WeeklyBudget budget) {

    public SetAutonomyBudget {
        Objects.requireNonNull(owner, "owner is required");
    }
}
