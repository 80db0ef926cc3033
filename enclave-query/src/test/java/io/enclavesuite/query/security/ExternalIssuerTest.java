package io.enclavesuite.query.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.enclavesuite.apiauth.ApiAuthProperties;
import io.enclavesuite.apiauth.BearerTokens;
import io.enclavesuite.apiauth.TrustedIssuers;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.auth.ServiceTokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code enclave.api.auth.issuer-uri}: tokens of a real identity provider, here one served over HTTP from this test
 * (its OpenID Connect discovery document and JWK set), checked for its issuer and this API's audience — beside the
 * suite's own service issuers, each with its own key.
 */
class ExternalIssuerTest {

    private final LocalTokenIssuer providerKey = LocalTokenIssuer.generate();
    @TempDir
    Path dir;
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
        JwtDecoder decoder = decoder(new ApiAuthProperties(issuer, null, "enclave-api", null, null, null));

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
        JwtDecoder decoder = decoder(new ApiAuthProperties(issuer, issuer + "/keys", "api://enclaves", null, null, null));

        assertThat(decoder.decode(providerKey.sign(claims(issuer, "api://enclaves"))).getSubject()).isEqualTo("U0ALICE");
    }

    @Test
    void theApiStartsWhileTheProviderIsAway() {
        provider.stop(0);

        JwtDecoder decoder = decoder(new ApiAuthProperties(issuer, null, null, null, null, null)); // no call to the provider yet

        assertThatThrownBy(() -> decoder.decode(providerKey.sign(claims(issuer, "enclave-api"))))
                .isInstanceOf(JwtDecoderInitializationException.class);
    }

    @Test
    void aJwkSetUriWithoutAnIssuerIsAConfigurationError() {
        assertThatThrownBy(() -> new ApiAuthProperties("", issuer + "/keys", null, null, null, null))
                .hasMessageContaining("enclave.api.auth.jwk-set-uri needs enclave.api.auth.issuer-uri");
    }

    @Test
    void withAProviderTheSuitesServiceIssuersAreStillTrustedButNotTheLocalIssuer() {
        ServiceTokenIssuer gateway = ServiceTokenIssuer.loadOrCreate("slack-gateway", dir.resolve("gateway.pem"));
        gateway.writePublicKey(dir.resolve("gateway.pub.pem"));
        TrustedIssuers issuers = new ApiSecurityConfiguration().apiTokenIssuers(new ApiAuthProperties(issuer, null,
                "enclave-api", dir.resolve("local.pem"), null, Map.of("slack-gateway", dir.resolve("gateway.pub.pem"))));
        LocalTokenIssuer local = LocalTokenIssuer.loadOrCreate(dir.resolve("local.pem"));

        assertThat(issuers.issuers()).containsExactly(issuer, "enclave-suite:slack-gateway");
        assertThat(issuers.decode(providerKey.sign(claims(issuer, "enclave-api"))).getSubject()).isEqualTo("U0ALICE");
        assertThat(issuers.decode(gateway.mint("U0BOB", Duration.ofMinutes(2))).getSubject()).isEqualTo("U0BOB");
        // the local issuer stands in only where no provider is configured
        assertThatThrownBy(() -> issuers.decode(local.mint("U0ALICE", Instant.now(), Duration.ofMinutes(5))))
                .isInstanceOf(JwtException.class).hasMessage("the token's issuer (iss) is not one this API trusts");
        assertThatThrownBy(() -> issuers.decode(local.sign(claims(issuer, "enclave-api"))))
                .isInstanceOf(JwtException.class).hasMessageContaining("Signed JWT rejected");
        // the provider's key cannot speak as the gateway
        assertThatThrownBy(() -> issuers.decode(providerKey.sign(new JWTClaimsSet.Builder()
                .issuer("enclave-suite:slack-gateway").audience("enclave-api").subject("U0ALICE").claim("azp",
                        "slack-gateway").expirationTime(Date.from(Instant.now().plusSeconds(60))).build())))
                .isInstanceOf(JwtException.class).hasMessageContaining("Signed JWT rejected");
    }

    @Test
    void aServiceIssuersKeyFileIsReadAtTheStartAndMustBeItsOwn() throws Exception {
        Path missing = dir.resolve("none.pub.pem");
        assertThatThrownBy(() -> TrustedIssuers.of(new ApiAuthProperties("", null, null, dir.resolve("local.pem"),
                null, Map.of("console", missing)))).hasMessageContaining(missing.toString());

        ServiceTokenIssuer gateway = ServiceTokenIssuer.loadOrCreate("slack-gateway", dir.resolve("gateway.pem"));
        gateway.writePublicKey(dir.resolve("gateway.pub.pem"));
        assertThatThrownBy(() -> TrustedIssuers.of(new ApiAuthProperties("", null, null, dir.resolve("local.pem"),
                null, Map.of("console", dir.resolve("gateway.pub.pem"), "slack-gateway",
                        dir.resolve("gateway.pub.pem")))))
                .hasMessageContaining("holds the same key as service issuer console");
        // the local issuer's own key handed over as a service's
        ServiceTokenIssuer.writePublicKey("console", dir.resolve("local.pem"), dir.resolve("local.pub.pem"));
        assertThatThrownBy(() -> TrustedIssuers.of(new ApiAuthProperties("", null, null, dir.resolve("local.pem"),
                null, Map.of("console", dir.resolve("local.pub.pem")))))
                .hasMessageContaining("holds the same key as the local issuer");

        assertThatThrownBy(() -> new ApiAuthProperties("", null, null, null, null,
                Map.of("Slack Gateway", dir.resolve("gateway.pub.pem"))))
                .hasMessageStartingWith("enclave.api.auth.service-issuers: 'Slack Gateway' is not a service name");
    }

    private static JwtDecoder decoder(ApiAuthProperties auth) {
        return BearerTokens.decoder(auth);
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
