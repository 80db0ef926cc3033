package io.enclavesuite.slack.readside;

import io.enclavesuite.auth.ServiceTokenIssuer;

import java.time.Clock;
import java.time.Duration;

/**
 * Short-lived bearer tokens whose subject is the Slack user the gateway verified (or the participant a notice is
 * for), signed as the gateway's own issuer ({@code enclave-suite:slack-gateway}, a key only the gateway holds), which
 * the read side and the write services' {@code /internal} endpoints trust beside the local issuer or a real identity
 * provider: whatever the gateway asks on someone's behalf is checked by the same rules as when they ask themselves.
 */
public final class PersonTokens {

    /** The gateway's name as an issuer: {@code enclave.api.auth.service-issuers.slack-gateway}. */
    public static final String SERVICE = "slack-gateway";
    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private final ServiceTokenIssuer issuer;
    private final Clock clock;

    public PersonTokens(ServiceTokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The {@code Authorization} header's value for {@code user}. */
    public String bearer(String user) {
        return "Bearer " + issuer.mint(user, clock.instant(), LIFETIME);
    }
}
