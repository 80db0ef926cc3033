package io.enclavesuite.api.coordination;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Every participant is authorized: windows may now be submitted. */
@Revision("1")
public record CoordinationOpened(
        CoordinationId coordinationId,
        Instant at) {
}
