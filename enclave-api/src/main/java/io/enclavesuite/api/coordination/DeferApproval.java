package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The participant, asked to approve (or holding a draft), acknowledges the request without answering yet: they stay
 * awaiting approval, and approve or decline later. Only the participant themselves sends it.
 */
public record DeferApproval(@TargetAggregateIdentifier CoordinationId coordinationId, UserId participant) {

    public DeferApproval {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(participant, "participant is required");
    }
}
