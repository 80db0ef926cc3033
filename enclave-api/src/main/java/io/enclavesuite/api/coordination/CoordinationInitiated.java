package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * On the initiator's agent policy: they started {@code coordinationId}. Counts towards their limit of rooms per hour.
 */
@Revision("1")
public record CoordinationInitiated(UserId initiator, CoordinationId coordinationId, Instant at) {
}
