package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An auto-execution spent the person's weekly budget: one meeting of {@code length}; the totals are of the week that
 * started at {@code weekStart} (Monday 00:00 UTC), this room included.
 */
@Revision("1")
public record AutonomyBudgetSpent(UserId owner, CoordinationId room, MeetingDuration length, int meetingsThisWeek, long minutesThisWeek,
        Instant weekStart, Instant at) {
}
