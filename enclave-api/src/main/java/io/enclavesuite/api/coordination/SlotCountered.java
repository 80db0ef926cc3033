package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The alternative becomes a proposal; acceptances of the rejected slot stand for nobody but their givers. */
@Revision("1")
public record SlotCountered(
        CoordinationId coordinationId,
        UserId participant,
        TimeWindow rejected,
        TimeWindow alternative,
        Instant at) {
}
