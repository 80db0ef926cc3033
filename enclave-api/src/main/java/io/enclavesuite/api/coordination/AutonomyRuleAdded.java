package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record AutonomyRuleAdded(UserId owner, AutonomyRule rule, Instant at) {
}
