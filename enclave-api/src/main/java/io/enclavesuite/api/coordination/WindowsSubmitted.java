package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The windows travel sealed (AES-GCM under the room's data key, which no event holds): once the key is destroyed they are unreadable everywhere, the event store included. {@code windowCount} is the one thing said in clear. */
@Revision("1")
public record WindowsSubmitted(
        CoordinationId coordinationId,
        UserId participant,
        SealedWindows windows,
        int windowCount,
        Instant at) {
}
