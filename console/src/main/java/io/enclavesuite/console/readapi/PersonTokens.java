package io.enclavesuite.console.readapi;

import io.enclavesuite.auth.ServiceTokenIssuer;
import io.enclavesuite.console.signin.Person;

import java.time.Clock;
import java.time.Duration;

/**
 * A short-lived bearer token for the read API naming the signed-in person, minted per request with the console's own
 * issuer key ({@code enclave-suite:console}): the read side trusts it because the console signed that person in, and
 * then applies to them exactly the rules it applies to any caller, so the console shows no more than the API would.
 */
public class PersonTokens {

    private final ServiceTokenIssuer issuer;
    private final Clock clock;
    private final Duration lifetime;

    public PersonTokens(ServiceTokenIssuer issuer, Clock clock, Duration lifetime) {
        this.issuer = issuer;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public String bearer(Person person) {
        return "Bearer " + issuer.mint(person.value(), clock.instant(), lifetime);
    }
}
