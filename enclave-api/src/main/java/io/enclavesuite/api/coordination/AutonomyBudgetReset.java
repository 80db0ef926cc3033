package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The week turned: the person's budget is whole again for the week starting {@code weekStart}. */
@Revision("1")
public record AutonomyBudgetReset(UserId owner, Instant weekStart, Instant at) {
}
