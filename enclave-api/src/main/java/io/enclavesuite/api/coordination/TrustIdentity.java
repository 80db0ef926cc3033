package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A person trusts someone for the intents named (replacing the intents trusted before for that someone). */
public record TrustIdentity(@TargetAggregateIdentifier UserId owner, TrustedIdentity identity) {

    public TrustIdentity {
        Objects.requireNonNull(owner, "owner is required");
        Objects.requireNonNull(identity, "identity is required");
    }
}
