package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A participant found a current proposal acceptable. */
@Revision("1")
public record WindowsAcknowledged(
        CoordinationId coordinationId,
        UserId participant,
        TimeWindow slot,
        Instant at) {
}
