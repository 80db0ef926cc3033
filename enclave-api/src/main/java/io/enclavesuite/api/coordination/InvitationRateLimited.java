package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An invitation to {@code room} from {@code sender} was over the person's inbound rate limit ({@code perHour}) and
 * was refused for them, which aborts the room; the sender may invite them again from {@code retryAfter}.
 */
@Revision("1")
public record InvitationRateLimited(UserId owner, CoordinationId room, UserId sender, int perHour, Instant retryAfter,
                                    Instant at) {
}
