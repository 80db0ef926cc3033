package io.enclavesuite.apiauth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import java.util.EnumSet;
import java.util.Objects;

/**
 * A person's bearer JWT, checked one way wherever the suite takes one — the read API and the write services'
 * {@code /internal} endpoints: the decoder for the configured issuer ({@link ApiAuthProperties}), and a Spring
 * Security resource server whose principal is the token's {@code sub} ({@link ReaderAuthentication}). Each service
 * adds only its own authorization rules.
 */
public final class BearerTokens {

    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);

    /** The local issuer's key file, or the identity provider's discovery document or JWK set. */
    public static JwtDecoder decoder(ApiAuthProperties auth) {
        if (auth.localIssuer()) {
            LocalTokenIssuer issuer = LocalTokenIssuer.loadOrCreate(auth.localKeyFile());
            log.info("API tokens: the local issuer '{}', key {} from {} (mint one: enclavectl token --user U…)",
                    LocalTokenIssuer.ISSUER, issuer.keyId(), auth.localKeyFile().toAbsolutePath());
            return localDecoder(issuer, auth.audience());
        }
        log.info("API tokens: issuer {}, audience '{}'", auth.issuerUri(), auth.audience());
        // Supplied on first use, so the API starts while the identity provider is away; its keys are cached and
        // fetched again when a token names a key id not seen yet (a rotation).
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = auth.jwkSetUri().isEmpty()
                    ? NimbusJwtDecoder.withIssuerLocation(auth.issuerUri()).build()
                    : NimbusJwtDecoder.withJwkSetUri(auth.jwkSetUri())
                            .jwsAlgorithms(algorithms -> algorithms.addAll(EnumSet.allOf(SignatureAlgorithm.class)))
                            .build();
            decoder.setJwtValidator(validator(auth.issuerUri(), auth.audience()));
            return decoder;
        });
    }

    /** Tokens signed by the local issuer's key with ES256 — no other key, no other algorithm (never "none" or HMAC). */
    public static JwtDecoder localDecoder(LocalTokenIssuer issuer, String audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(LocalTokenIssuer.ALGORITHM,
                new ImmutableJWKSet<>(new JWKSet(issuer.verificationKey()))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        }); // the claims are checked once, by the validator below, as Spring's own decoder builders do
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validator(LocalTokenIssuer.ISSUER, audience));
        return decoder;
    }

    /**
     * Expiry and not-before (60 s of clock skew), the issuer, the audience — and an expiry at all: Spring's
     * timestamp check lets a token without {@code exp} live for ever.
     */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        return JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(audience),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
    }

    /**
     * The resource server every port shares: bearer tokens only, the person as the principal, 401 as a problem
     * document — and no cookies, no session, no saved requests, so a forged cross-site request has no credentials to
     * ride on (which is why CSRF protection is off). The caller adds its {@code authorizeHttpRequests} rules.
     */
    public static HttpSecurity resourceServer(HttpSecurity http, JwtDecoder decoder) throws Exception {
        ProblemAuthenticationEntryPoint refused = new ProblemAuthenticationEntryPoint();
        return http
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(ReaderAuthentication::of))
                        .authenticationEntryPoint(refused))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refused))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable);
    }

    private BearerTokens() {
    }
}
