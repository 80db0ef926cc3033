package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Open a meeting sync among at least three people, the caller (the initiator) among them. Only windows will ever be shared: no message of a room takes titles, descriptions or calendar entries. {@code timeLimit} defaults to 48 hours; {@code originChannel} is the team enclave channel it was started from, if any. */
public record CreateCoordination(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        CoordinationType type,
        Purpose purpose,
        List<UserId> participants,
        MeetingDuration duration,
        SearchRange range,
        Duration timeLimit,
        ChannelId originChannel) {

    public CreateCoordination {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(purpose, "purpose is required");
        Objects.requireNonNull(participants, "participants is required");
        Objects.requireNonNull(duration, "duration is required");
        Objects.requireNonNull(range, "range is required");
        type = type == null ? CoordinationType.MEETING_SYNC : type;
        participants = List.copyOf(participants);
    }
}
