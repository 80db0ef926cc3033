package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;

/** A person stops trusting someone for the intents named; none named (null or empty) means for every intent. */
public record UntrustIdentity(@TargetAggregateIdentifier UserId owner, UserId person, List<CoordinationType> intents) {

    public UntrustIdentity {
        Objects.requireNonNull(owner, "owner is required");
        Objects.requireNonNull(person, "person is required");
        intents = intents == null ? List.of() : List.copyOf(intents);
    }
}
