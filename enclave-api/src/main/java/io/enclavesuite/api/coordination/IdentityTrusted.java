package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The person now trusts {@code identity.person()} for exactly {@code identity.intents()}. */
@Revision("1")
public record IdentityTrusted(UserId owner, TrustedIdentity identity, Instant at) {
}
