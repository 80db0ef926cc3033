package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code by} is who declined or withdrew. */
@Revision("1")
public record CoordinationAborted(
        CoordinationId coordinationId,
        AbortReason reason,
        UserId by,
        String detail,
        Instant at) {
}
