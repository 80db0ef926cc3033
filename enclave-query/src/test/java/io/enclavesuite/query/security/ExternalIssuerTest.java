package io.enclavesuite.query.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.enclavesuite.apiauth.ApiAuthProperties;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code enclave.api.auth.issuer-uri}: tokens of a real identity provider, here one served over HTTP from this test
 * (its OpenID Connect discovery document and JWK set), checked for its issuer and this API's audience.
 */
class ExternalIssuerTest {

    private final LocalTokenIssuer providerKey = LocalTokenIssuer.generate();
    private HttpServer provider;
    private String issuer;

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        issuer = "http://localhost:" + provider.getAddress().getPort();
        serve("/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\"}");
        serve("/keys", new JWKSet(providerKey.verificationKey()).toString());
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    @Test
    void theProvidersTokensAreFoundThroughItsDiscoveryDocument() {
        JwtDecoder decoder = decoder(new ApiAuthProperties(issuer, null, "enclave-api", null, null));

        assertThat(decoder.decode(providerKey.sign(claims(issuer, "enclave-api"))).getSubject()).isEqualTo("U0ALICE");
        assertThatThrownBy(() -> decoder.decode(providerKey.sign(claims("https://elsewhere", "enclave-api"))))
                .isInstanceOf(JwtException.class).hasMessageContaining("iss");
        assertThatThrownBy(() -> decoder.decode(providerKey.sign(claims(issuer, "another-api"))))
                .isInstanceOf(JwtException.class).hasMessageContaining("aud");
        assertThatThrownBy(() -> decoder.decode(LocalTokenIssuer.generate().sign(claims(issuer, "enclave-api"))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aJwkSetUriSkipsDiscovery() {
        provider.removeContext("/.well-known/openid-configuration");
        JwtDecoder decoder = decoder(new ApiAuthProperties(issuer, issuer + "/keys", "api://enclaves", null, null));

        assertThat(decoder.decode(providerKey.sign(claims(issuer, "api://enclaves"))).getSubject()).isEqualTo("U0ALICE");
    }

    @Test
    void theApiStartsWhileTheProviderIsAway() {
        provider.stop(0);

        JwtDecoder decoder = decoder(new ApiAuthProperties(issuer, null, null, null, null)); // no call to the provider yet

        assertThatThrownBy(() -> decoder.decode(providerKey.sign(claims(issuer, "enclave-api"))))
                .isInstanceOf(JwtDecoderInitializationException.class);
    }

    @Test
    void aJwkSetUriWithoutAnIssuerIsAConfigurationError() {
        assertThatThrownBy(() -> new ApiAuthProperties("", issuer + "/keys", null, null, null))
                .hasMessageContaining("enclave.api.auth.jwk-set-uri needs enclave.api.auth.issuer-uri");
    }

    private static JwtDecoder decoder(ApiAuthProperties auth) {
        return new ApiSecurityConfiguration().apiTokenDecoder(auth);
    }

    private static JWTClaimsSet claims(String issuer, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("U0ALICE")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build();
    }

    private void serve(String path, String json) {
        provider.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
