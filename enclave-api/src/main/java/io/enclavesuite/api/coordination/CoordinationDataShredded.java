package io.enclavesuite.api.coordination;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The room's key is destroyed: every sealed window of it, in the event store included, is unreadable for good. */
@Revision("1")
public record CoordinationDataShredded(CoordinationId coordinationId, Instant at) {
}
