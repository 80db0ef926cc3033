package io.enclavesuite.apiauth;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

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
 */
@ConfigurationProperties("enclave.api.auth")
public record ApiAuthProperties(String issuerUri, String jwkSetUri, String audience, Path localKeyFile,
                                List<String> operators) {

    public ApiAuthProperties {
        issuerUri = issuerUri == null ? "" : issuerUri.strip();
        jwkSetUri = jwkSetUri == null ? "" : jwkSetUri.strip();
        audience = audience == null || audience.isBlank() ? LocalTokenIssuer.AUDIENCE : audience.strip();
        localKeyFile = localKeyFile == null ? Path.of(".enclave-data", "api", "token-key.pem") : localKeyFile;
        operators = operators == null ? List.of() : operators.stream().map(String::strip).filter(o -> !o.isEmpty())
                .map(operator -> UserId.of(operator).value()).toList(); // a typo fails the start, not a rebuild
        if (issuerUri.isEmpty() && !jwkSetUri.isEmpty()) {
            throw new IllegalArgumentException("enclave.api.auth.jwk-set-uri needs enclave.api.auth.issuer-uri: "
                    + "tokens are checked for the issuer that published the keys");
        }
    }

    public boolean localIssuer() {
        return issuerUri.isEmpty();
    }
}
