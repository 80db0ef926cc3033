package io.enclavesuite.api.coordination;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The time limit passed before the room resolved. */
@Revision("1")
public record CoordinationExpired(
        CoordinationId coordinationId,
        Instant at) {
}
