package io.enclavesuite.query.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.enclavesuite.receipts.apitoken.LocalTokenIssuer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
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
import org.springframework.security.web.SecurityFilterChain;

import java.util.EnumSet;
import java.util.Objects;

/**
 * Every request to the read API carries a bearer JWT, and the token's {@code sub} is the person reading
 * ({@link ReaderAuthentication}); the views then show only what that person may see. Open without a token: the
 * OpenAPI document, health (with the probes' groups), info and the Prometheus metrics, and the receipt verification
 * keys — public keys that {@code verify-receipt --keys-url} fetches without being anyone. The replay and dead-letters
 * endpoints answer only the operators named in {@code enclave.api.auth.operators} (403 for anyone else).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "a JWT whose sub is the Slack user id of the person reading")
@OpenAPIDefinition(security = @SecurityRequirement(name = "bearer"))
@EnableConfigurationProperties(ApiAuthProperties.class)
public class ApiSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Probes and the metrics scraper carry no token: keep the actuator off the public network (docs/operations.md). */
    static final String[] OPEN = {"/api/openapi", "/api/openapi.yaml", "/api/openapi/**", "/api/receipts/keys",
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder apiTokenDecoder, ApiAuthProperties auth)
            throws Exception {
        ProblemAuthenticationEntryPoint refused = new ProblemAuthenticationEntryPoint();
        return http
                .authorizeHttpRequests(requests -> requests
                        // the error page of a request that already passed (or was refused) is not checked again
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // a live feed's later writes are async dispatches of a request already authorized
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.GET, OPEN).permitAll()
                        // rebuilding a read model, retrying or dropping parked events are operators' acts: named
                        // people only, whatever they may read
                        .requestMatchers("/actuator/replay", "/actuator/replay/**", "/actuator/deadletters",
                                "/actuator/deadletters/**").access((authentication, context) ->
                                new AuthorizationDecision(authentication.get() instanceof ReaderAuthentication reader
                                        && auth.operators().contains(reader.reader().value())))
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(apiTokenDecoder).jwtAuthenticationConverter(ReaderAuthentication::of))
                        .authenticationEntryPoint(refused))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refused)
                        .accessDeniedHandler((request, response, denied) -> {
                            // only the operator endpoint refuses someone it knows; the API's 404s hide the rest
                            response.setStatus(HttpStatus.FORBIDDEN.value());
                            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                            Map<String, Object> problem = new LinkedHashMap<>();
                            problem.put("type", "about:blank");
                            problem.put("title", "Forbidden");
                            problem.put("status", HttpStatus.FORBIDDEN.value());
                            problem.put("detail", "only the operators named in enclave.api.auth.operators may "
                                    + "rebuild read models or act on parked events");
                            problem.put("instance", request.getRequestURI());
                            JSON.writeValue(response.getOutputStream(), problem);
                        }))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no cookies and no session: a forged cross-site request has no credentials to ride on
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    JwtDecoder apiTokenDecoder(ApiAuthProperties auth) {
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
    static JwtDecoder localDecoder(LocalTokenIssuer issuer, String audience) {
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
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        return JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(audience),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
    }
}
