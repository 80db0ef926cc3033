package io.enclavesuite.query.security;

import io.enclavesuite.apiauth.ApiAuthProperties;
import io.enclavesuite.apiauth.BearerTokens;
import io.enclavesuite.apiauth.OperatorsOnly;
import io.enclavesuite.apiauth.TrustedIssuers;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;


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


    /** Probes and the metrics scraper carry no token: keep the actuator off the public network (docs/operations.md). */
    static final String[] OPEN = {"/api/openapi", "/api/openapi.yaml", "/api/openapi/**", "/api/receipts/keys",
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, TrustedIssuers apiTokenIssuers, ApiAuthProperties auth)
            throws Exception {
        return BearerTokens.resourceServer(http, apiTokenIssuers)
                .authorizeHttpRequests(requests -> requests
                        // the error page of a request that already passed (or was refused) is not checked again
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // a live feed's later writes are async dispatches of a request already authorized
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.GET, OPEN).permitAll()
                        // rebuilding a read model, retrying or dropping parked events are operators' acts: named
                        // people only, whatever they may read
                        .requestMatchers(OperatorsOnly.ENDPOINTS).access(OperatorsOnly.access(auth))
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(OperatorsOnly.forbidden()))
                .build();
    }

    /**
     * The shared check ({@link TrustedIssuers}): the same issuers, keys and claims as the write services' — the local
     * issuer or the provider, and the suite's services that sign people in (the Slack gateway, the console).
     */
    @Bean
    TrustedIssuers apiTokenIssuers(ApiAuthProperties auth) {
        return TrustedIssuers.of(auth);
    }
}
