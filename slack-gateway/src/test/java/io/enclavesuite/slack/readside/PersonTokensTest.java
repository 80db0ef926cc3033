package io.enclavesuite.slack.readside;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.enclavesuite.auth.ServiceTokenIssuer;
import io.enclavesuite.slack.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theGatewayMintsAsItsOwnIssuerWithItsOwnKeyForTwoMinutes() throws Exception {
        ServiceTokenIssuer gateway = ServiceTokenIssuer.loadOrCreate(PersonTokens.SERVICE, dir.resolve("key.pem"));
        PersonTokens tokens = new PersonTokens(gateway, Clock.fixed(NOW, ZoneOffset.UTC));

        String bearer = tokens.bearer("U0ALICE");

        assertThat(bearer).startsWith("Bearer ");
        SignedJWT token = SignedJWT.parse(bearer.substring("Bearer ".length()));
        assertThat(token.verify(new ECDSAVerifier(gateway.verificationKey()))).isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("enclave-suite:slack-gateway");
        assertThat(claims.getStringClaim("azp")).isEqualTo("slack-gateway");
        assertThat(claims.getAudience()).isEqualTo(List.of("enclave-api"));
        assertThat(claims.getSubject()).isEqualTo("U0ALICE");
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(2))));
    }

    @Test
    void theKeyFileHasADefaultAndTheRetiredLocalKeySettingStopsTheStartSayingWhatToSet() {
        Map<String, String> settings = Map.of("enclave.slack.signing-secret", "s3cret",
                "enclave.slack.principal-key-file", "principal.pem");
        assertThat(bind(settings).issuerKeyFile()).isEqualTo(Path.of(".enclave-data/slack-gateway/token-key.pem"));

        Map<String, String> retired = new java.util.HashMap<>(settings);
        retired.put("enclave.slack.token-key-file", "/var/lib/enclave/api/token-key.pem");
        assertThatThrownBy(() -> bind(retired)).isInstanceOf(BindException.class).rootCause()
                .hasMessageStartingWith("enclave.slack.token-key-file is no longer read")
                .hasMessageContaining("enclave.slack.issuer-key-file")
                .hasMessageContaining("enclave.api.auth.service-issuers.slack-gateway");
    }

    private static GatewayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("enclave.slack",
                GatewayProperties.class);
    }
}
