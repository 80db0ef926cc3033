package io.enclavesuite.api.coordination;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Every participant has submitted: the best slots of the overlap, best first (strongest weakest confidence, then earliest). */
@Revision("1")
public record SlotsProposed(
        CoordinationId coordinationId,
        List<TimeWindow> candidates,
        Instant at) {
}
