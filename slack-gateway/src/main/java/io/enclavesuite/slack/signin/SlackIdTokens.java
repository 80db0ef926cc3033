package io.enclavesuite.slack.signin;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How Slack's ID tokens are decoded and checked: Spring Security's own pieces — an RS256 signature against the keys
 * Slack publishes, {@link OidcIdTokenValidator} (issuer, audience, authorized party, expiry and issue time, with its
 * 60 s of clock skew) and {@link JwtTimestampValidator} — with both told the time by the gateway's {@link Clock}
 * (tests give a fixed one), and a Slack user id required. Built like {@link OidcIdTokenDecoderFactory}, which is not
 * used only because it fetches Slack's keys with no timeout; here they get {@link SlackTokenEndpoint#TIMEOUT}.
 */
final class SlackIdTokens implements JwtDecoderFactory<ClientRegistration> {

    /** The Slack user the ID token vouches for. */
    static final String USER_CLAIM = "https://slack.com/user_id";
    /** The workspace they signed in to. */
    static final String TEAM_CLAIM = "https://slack.com/team_id";

    private final Clock clock;
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    SlackIdTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public JwtDecoder createDecoder(ClientRegistration registration) {
        return decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
                    .jwsAlgorithm(SignatureAlgorithm.RS256)
                    .restOperations(new RestTemplate(SlackTokenEndpoint.requestFactory()))
                    .build();
            decoder.setJwtValidator(validator(registration, clock));
            decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
            return decoder;
        });
    }

    static OAuth2TokenValidator<Jwt> validator(ClientRegistration registration, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        OidcIdTokenValidator idToken = new OidcIdTokenValidator(registration);
        idToken.setClock(clock);
        JwtClaimValidator<Object> slackUser = new JwtClaimValidator<>(USER_CLAIM,
                user -> user instanceof String id && !id.isBlank());
        return JwtValidators.createDefaultWithValidators(timestamps, idToken, slackUser);
    }
}
