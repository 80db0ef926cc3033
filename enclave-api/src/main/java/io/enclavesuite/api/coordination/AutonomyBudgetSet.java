package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A person set their agent's weekly budget; {@code budget} null is none (unlimited). */
@Revision("1")
public record AutonomyBudgetSet(UserId owner, WeeklyBudget budget, Instant at) {
}
