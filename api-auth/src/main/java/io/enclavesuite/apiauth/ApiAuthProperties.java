package io.enclavesuite.apiauth;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.auth.ServiceTokenIssuer;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who issues the bearer tokens the suite accepts ({@code enclave.api.auth.*}): the read API and the write services'
 * {@code /internal} endpoints read the same settings, so one token is checked the same way on every port.
 *
 * @param issuerUri    a real identity provider (OpenID Connect issuer): tokens must carry it as {@code iss}, and its
 *                     keys are found through its discovery document. Empty: the local issuer.
 * @param jwkSetUri    the provider's JWK set, when it publishes no discovery document (only with {@code issuerUri})
 * @param audience     the {@code aud} a token must name: the provider's name for this API (for the local issuer,
 *                     {@value LocalTokenIssuer#AUDIENCE})
 * @param localKeyFile the local issuer's key (PKCS#8 PEM, EC P-256), generated owner-only when missing; what
 *                     {@code enclavectl token} signs with
 * @param operators    the people (user ids) who may rebuild read models ({@code /actuator/replay}) and retry or drop
 *                     parked events ({@code /actuator/deadletters}); none by default
 * @param serviceIssuers the suite's own services that sign people in themselves and ask on their behalf (the Slack
 *                     gateway, the console): service name → the public half of its token key (PEM). Each is trusted
 *                     beside the local issuer or the provider, as the issuer {@code enclave-suite:<service>}, with
 *                     that key only ({@link ServiceTokenIssuer}); none by default
 */
@ConfigurationProperties("enclave.api.auth")
public record ApiAuthProperties(String issuerUri, String jwkSetUri, String audience, Path localKeyFile,
                                List<String> operators, Map<String, Path> serviceIssuers) {

    public ApiAuthProperties {
        issuerUri = issuerUri == null ? "" : issuerUri.strip();
        jwkSetUri = jwkSetUri == null ? "" : jwkSetUri.strip();
        audience = audience == null || audience.isBlank() ? LocalTokenIssuer.AUDIENCE : audience.strip();
        localKeyFile = localKeyFile == null ? Path.of(".enclave-data", "api", "token-key.pem") : localKeyFile;
        operators = operators == null ? List.of() : operators.stream().map(String::strip).filter(o -> !o.isEmpty())
                .map(operator -> UserId.of(operator).value()).toList(); // a typo fails the start, not a rebuild
        Map<String, Path> services = new TreeMap<>();
        if (serviceIssuers != null) {
            serviceIssuers.forEach((service, publicKeyFile) -> {
                try {
                    ServiceTokenIssuer.requireService(service);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("enclave.api.auth.service-issuers: " + e.getMessage(), e);
                }
                if (publicKeyFile == null || publicKeyFile.toString().isBlank()) {
                    throw new IllegalArgumentException("enclave.api.auth.service-issuers." + service
                            + " names no file: the public half of the service's token key (PEM)");
                }
                services.put(service, publicKeyFile);
            });
        }
        serviceIssuers = Collections.unmodifiableMap(services);
        if (issuerUri.isEmpty() && !jwkSetUri.isEmpty()) {
            throw new IllegalArgumentException("enclave.api.auth.jwk-set-uri needs enclave.api.auth.issuer-uri: "
                    + "tokens are checked for the issuer that published the keys");
        }
    }

    public boolean localIssuer() {
        return issuerUri.isEmpty();
    }
}
