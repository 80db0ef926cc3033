package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The room is PENDING until every participant is authorized; the time limit runs from {@code at}. {@code roomKey} is the
 * public key participants seal to (null only for rooms made before senders sealed their own windows).
 */
@Revision("1")
public record CoordinationCreated(
        CoordinationId coordinationId,
        CoordinationType type,
        Purpose purpose,
        UserId initiator,
        List<UserId> participants,
        MeetingDuration duration,
        SearchRange range,
        Instant expiresAt,
        ChannelId originChannel,
        Instant at,
        RoomPublicKey roomKey) {
}
