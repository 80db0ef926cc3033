package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A person sets how far their own agent acts on its own ({@link AutonomyLevel}). */
public record SetAutonomyLevel(@TargetAggregateIdentifier UserId owner, AutonomyLevel level) {

    public SetAutonomyLevel {
        Objects.requireNonNull(owner, "owner is required");
        Objects.requireNonNull(level, "level is required: none, draft-only, auto-respond or full");
    }
}
