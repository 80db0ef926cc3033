package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The windows travel as their sender sealed them to the room's public key (HPKE; the private key is in no event): once the key is destroyed they are unreadable everywhere, the event store included. {@code windowCount} is the one thing said in clear. */
@Revision("1")
public record WindowsSubmitted(
        CoordinationId coordinationId,
        UserId participant,
        SealedWindows windows,
        int windowCount,
        Instant at) {
}
