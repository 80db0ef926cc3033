package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * A person sets how many invitations one sender may send them in an hour; {@code perHour} null returns to the
 * service's default. The service bounds it.
 */
public record SetInboundRateLimit(@TargetAggregateIdentifier UserId owner, Integer perHour) {

    public SetInboundRateLimit {
        Objects.requireNonNull(owner, "owner is required");
    }
}
