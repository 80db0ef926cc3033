package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A channel member completed sign-in and becomes a member of the enclave. */
public record RegisterMember(@TargetAggregateIdentifier EnclaveId enclaveId, UserId member) {

    public RegisterMember {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(member, "member is required");
    }
}
