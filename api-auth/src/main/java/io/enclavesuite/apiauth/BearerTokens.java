package io.enclavesuite.apiauth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.jwk.ECKey;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.auth.ServiceTokenIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
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
 * {@code /internal} endpoints: the decoder of each trusted issuer ({@link TrustedIssuers}, from
 * {@link ApiAuthProperties}), and a Spring Security resource server whose principal is the token's {@code sub}
 * ({@link ReaderAuthentication}). Each service adds only its own authorization rules.
 */
public final class BearerTokens {

    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);

    /**
     * The local issuer's key file, or the identity provider's discovery document or JWK set: the one issuer that is
     * not a service of the suite ({@link TrustedIssuers} adds those).
     */
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
        return es256Decoder(issuer.verificationKey(), validator(LocalTokenIssuer.ISSUER, audience));
    }

    /**
     * Tokens of the service issuer {@code enclave-suite:<service>}: signed by that service's key with ES256 only, for
     * this API ({@value ServiceTokenIssuer#AUDIENCE}), naming the service in {@code azp}.
     */
    public static JwtDecoder serviceDecoder(String service, ECKey publicKey) {
        return es256Decoder(publicKey, new DelegatingOAuth2TokenValidator<>(
                validator(ServiceTokenIssuer.issuerOf(service), ServiceTokenIssuer.AUDIENCE),
                new JwtClaimValidator<Object>(ServiceTokenIssuer.SERVICE_CLAIM, service::equals)));
    }

    private static JwtDecoder es256Decoder(ECKey publicKey, OAuth2TokenValidator<Jwt> validator) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(LocalTokenIssuer.ALGORITHM,
                new ImmutableJWKSet<>(new JWKSet(publicKey.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        }); // the claims are checked once, by the validator, as Spring's own decoder builders do
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validator);
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
    public static HttpSecurity resourceServer(HttpSecurity http, TrustedIssuers issuers) throws Exception {
        ProblemAuthenticationEntryPoint refused = new ProblemAuthenticationEntryPoint();
        return http
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(issuers.authenticationManagerResolver())
                        .authenticationEntryPoint(refused))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refused))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable);
    }

    private BearerTokens() {
    }
}
