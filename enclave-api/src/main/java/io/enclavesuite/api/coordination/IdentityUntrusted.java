package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The person no longer trusts {@code person} for {@code intents}; once no intent is left, {@code person} is no longer
 * a trusted identity at all.
 */
@Revision("1")
public record IdentityUntrusted(UserId owner, UserId person, List<CoordinationType> intents, Instant at) {
}
