package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A person set their agent's autonomy level. */
@Revision("1")
public record AutonomyLevelSet(UserId owner, AutonomyLevel level, Instant at) {
}
