package io.enclavesuite.write.http;

import io.enclavesuite.apiauth.ApiAuthProperties;
import io.enclavesuite.apiauth.BearerTokens;
import io.enclavesuite.apiauth.OperatorsOnly;
import io.enclavesuite.apiauth.TrustedIssuers;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A write service's HTTP answers only the person whose bearer JWT the request carries, checked exactly as the read
 * API checks it (the same {@code enclave.api.auth.*} settings and issuers, {@link TrustedIssuers}): the
 * {@code /internal} endpoints take the person from the token's {@code sub}, never from a parameter, because they
 * hand out decrypted windows and whole histories. No token or a bad one: 401 problem+json.
 * <p>
 * Operators' acts (parked events, where the service has them) answer only {@code enclave.api.auth.operators}
 * ({@link OperatorsOnly}). Open without a token: health (the probes' groups), info and the Prometheus scrape. They are served on the
 * management port ({@code management.server.port}), which Spring Security guards with this same chain; keep that
 * port off the public network (docs/operations.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(ApiAuthProperties.class)
public class InternalHttpSecurity {

    static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    SecurityFilterChain internalSecurity(HttpSecurity http, TrustedIssuers personTokenIssuers, ApiAuthProperties auth)
            throws Exception {
        return BearerTokens.resourceServer(http, personTokenIssuers)
                .authorizeHttpRequests(requests -> requests
                        // the error page of a request that already passed (or was refused) is not checked again
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, OPEN).permitAll()
                        .requestMatchers(OperatorsOnly.ENDPOINTS).access(OperatorsOnly.access(auth))
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(OperatorsOnly.forbidden()))
                .build();
    }

    @Bean
    TrustedIssuers personTokenIssuers(ApiAuthProperties auth) {
        return TrustedIssuers.of(auth);
    }
}
