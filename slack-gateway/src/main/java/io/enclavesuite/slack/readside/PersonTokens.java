package io.enclavesuite.slack.readside;

import io.enclavesuite.auth.LocalTokenIssuer;

import java.time.Clock;
import java.time.Duration;

/**
 * Short-lived bearer tokens whose subject is the Slack user the gateway verified (or the participant a notice is
 * for), signed with the local key the read side and the write services' {@code /internal} endpoints trust: whatever
 * the gateway asks on someone's behalf is checked by the same rules as when they ask themselves.
 */
public final class PersonTokens {

    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private final LocalTokenIssuer issuer;
    private final Clock clock;

    public PersonTokens(LocalTokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The {@code Authorization} header's value for {@code user}. */
    public String bearer(String user) {
        return "Bearer " + issuer.mint(user, clock.instant(), LIFETIME);
    }
}
