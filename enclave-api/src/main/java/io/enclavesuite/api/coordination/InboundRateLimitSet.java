package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A person set how many invitations one sender may send them in an hour; {@code perHour} null is the default. */
@Revision("1")
public record InboundRateLimitSet(UserId owner, Integer perHour, Instant at) {
}
