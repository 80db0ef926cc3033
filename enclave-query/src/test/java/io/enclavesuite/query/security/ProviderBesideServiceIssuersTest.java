package io.enclavesuite.query.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.query.enclave.EnclaveFixture;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real read API with a real identity provider configured (served from this test: its discovery document and JWK
 * set): the provider's tokens and the Slack gateway's and the console's are all read as the person they name, each
 * only with its own key; the local issuer, which stands in only where there is no provider, is refused.
 */
class ProviderBesideServiceIssuersTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final LocalTokenIssuer PROVIDER_KEY = LocalTokenIssuer.generate();
    private static HttpServer provider;
    private static String issuer;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        issuer = "http://localhost:" + provider.getAddress().getPort();
        serve("/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\"}");
        serve("/keys", new JWKSet(PROVIDER_KEY.verificationKey()).toString());
        provider.start();
        List<String> args = new ArrayList<>();
        TestInfrastructure.get().springProperties(null, null).forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        args.add("--enclave.api.auth.issuer-uri=" + issuer);
        service = EnclaveQueryApplication.application().run(args.toArray(String[]::new));
        new EnclaveFixture(service.getBean(JdbcTemplate.class)).active("alices-own", UserId.of("U0ALICE"),
                Mode.PRIVATE);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void theProvidersTokensAndTheServicesTokensReadAsThePersonTheyName() throws Exception {
        Instant now = Instant.now();
        String fromProvider = PROVIDER_KEY.sign(new JWTClaimsSet.Builder().issuer(issuer).audience("enclave-api")
                .subject("U0ALICE").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());

        for (String token : List.of(fromProvider,
                ApiTokens.service("slack-gateway").mint("U0ALICE", Duration.ofMinutes(2)),
                ApiTokens.service("console").mint("U0ALICE", Duration.ofMinutes(2)))) {
            HttpResponse<String> response = get(token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(EnclaveJson.mapper().readTree(response.body()))
                    .extracting(enclave -> enclave.path("name").asText()).containsExactly("alices-own");
        }
    }

    @Test
    void theLocalIssuerIsNotTrustedBesideAProviderNorCanItsKeySpeakAsTheProvider() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> local = get(ApiTokens.tokenFor("U0ALICE"));
        HttpResponse<String> asTheProvider = get(ApiTokens.issuer().sign(new JWTClaimsSet.Builder().issuer(issuer)
                .audience("enclave-api").subject("U0ALICE").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).build()));
        HttpResponse<String> gatewayKeyAsTheProvider = get(ApiTokens.service("slack-gateway").sign(
                new JWTClaimsSet.Builder().issuer(issuer).audience("enclave-api").subject("U0ALICE")
                        .expirationTime(Date.from(now.plusSeconds(300))).build()));

        assertThat(local.statusCode()).isEqualTo(401);
        assertThat(EnclaveJson.mapper().readTree(local.body()).path("detail").asText())
                .isEqualTo("the token's issuer (iss) is not one this API trusts");
        assertThat(asTheProvider.statusCode()).isEqualTo(401);
        assertThat(gatewayKeyAsTheProvider.statusCode()).isEqualTo(401);
        assertThat(gatewayKeyAsTheProvider.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    private static HttpResponse<String> get(String token) throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/enclaves"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void serve(String path, String json) {
        provider.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
