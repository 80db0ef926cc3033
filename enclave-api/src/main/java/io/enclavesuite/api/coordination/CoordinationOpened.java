package io.enclavesuite.api.coordination;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Every participant is authorized: windows may now be submitted, sealed by each participant's agent to {@code roomKey}.
 * {@code roomKey} is null only for rooms opened before senders sealed their own windows.
 */
@Revision("1")
public record CoordinationOpened(
        CoordinationId coordinationId,
        Instant at,
        RoomPublicKey roomKey) {
}
