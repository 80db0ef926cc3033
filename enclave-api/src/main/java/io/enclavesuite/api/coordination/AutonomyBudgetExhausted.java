package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The person's weekly budget is spent: their agent acts at draft-only until {@code resetsAt}, when the week turns.
 */
@Revision("1")
public record AutonomyBudgetExhausted(UserId owner, WeeklyBudget budget, Instant weekStart, Instant resetsAt, Instant at) {
}
