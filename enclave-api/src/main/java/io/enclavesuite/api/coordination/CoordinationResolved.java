package io.enclavesuite.api.coordination;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Every participant accepted the same slot. */
@Revision("1")
public record CoordinationResolved(
        CoordinationId coordinationId,
        TimeWindow slot,
        Instant at) {
}
