package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** A member left the channel (or the owner removed them); their tentacles pass to the owner. */
public record RemoveMember(@TargetAggregateIdentifier EnclaveId enclaveId, UserId member) {

    public RemoveMember {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(member, "member is required");
    }
}
