package io.enclavesuite.query.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.apiauth.ApiAuthProperties;
import io.enclavesuite.apiauth.BearerTokens;
import io.enclavesuite.apiauth.ReaderAuthentication;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import java.util.LinkedHashMap;
import java.util.Map;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Probes and the metrics scraper carry no token: keep the actuator off the public network (docs/operations.md). */
    static final String[] OPEN = {"/api/openapi", "/api/openapi.yaml", "/api/openapi/**", "/api/receipts/keys",
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder apiTokenDecoder, ApiAuthProperties auth)
            throws Exception {
        return BearerTokens.resourceServer(http, apiTokenDecoder)
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
                .exceptionHandling(exceptions -> exceptions
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
                .build();
    }

    /** The shared check ({@link BearerTokens#decoder}): the same issuer, key and claims as the write services'. */
    @Bean
    JwtDecoder apiTokenDecoder(ApiAuthProperties auth) {
        return BearerTokens.decoder(auth);
    }
}
