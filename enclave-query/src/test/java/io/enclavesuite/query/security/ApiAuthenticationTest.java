package io.enclavesuite.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.AccessGridTest;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.query.enclave.EnclaveFixture;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.auth.ServiceTokenIssuer;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read API's bearer authentication, on the real service (its own Spring Boot context and configuration, real
 * HTTP): tokens minted by the local issuer's code with this JVM's key and by the suite's service issuers (the Slack
 * gateway's and the console's keys of this JVM), and every way a token can be wrong.
 */
class ApiAuthenticationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.now();
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Object> property : TestInfrastructure.get().springProperties(null, null).entrySet()) {
            args.add("--" + property.getKey() + "=" + property.getValue());
        }
        args.add("--server.port=0");
        service = EnclaveQueryApplication.application().run(args.toArray(String[]::new));
        EnclaveFixture enclaves = new EnclaveFixture(service.getBean(JdbcTemplate.class));
        enclaves.active("alices-own", UserId.of("U0ALICE"), Mode.PRIVATE);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * The running service maps no {@code /api} endpoint the access grid does not ask but the OpenAPI document, which
     * is open by design and the same for everyone.
     */
    @Test
    void theAccessGridAsksEveryApiEndpointTheServiceMapsButItsOpenApiDocument() throws Exception {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping handlers : service.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            mapped.addAll(AccessGridTest.apiMappings(handlers));
        }
        Set<String> notInTheGrid = new TreeSet<>(mapped);
        notInTheGrid.removeAll(AccessGridTest.askedEndpoints());

        assertThat(mapped).containsAll(AccessGridTest.askedEndpoints());
        assertThat(notInTheGrid).contains("GET /api/openapi")
                .allSatisfy(endpoint -> assertThat(endpoint).startsWith("GET /api/openapi"));
        for (String endpoint : notInTheGrid) {
            String path = endpoint.substring("GET ".length());
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(200);
            assertThat(get(path, ApiTokens.tokenFor("U0ALICE")).body()).isEqualTo(anonymous.body());
        }
    }

    @Test
    void withoutATokenTheApiAnswers401WithAProblemDocumentAndTheBearerChallenge() throws Exception {
        HttpResponse<String> response = get("/api/enclaves", null);

        assertUnauthorized(response, "bearer token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        JsonNode problem = EnclaveJson.mapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("instance").asText()).isEqualTo("/api/enclaves");
    }

    @Test
    void aGoodTokenReadsAsTheSubject() throws Exception {
        HttpResponse<String> alice = get("/api/enclaves", ApiTokens.tokenFor("U0ALICE"));
        HttpResponse<String> bob = get("/api/enclaves", ApiTokens.tokenFor("U0BOB"));

        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(EnclaveJson.mapper().readTree(alice.body())).extracting(enclave -> enclave.path("name").asText())
                .containsExactly("alices-own");
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(bob.body()).isEqualTo("[]");
        assertThat(get("/api/enclaves/alices-own", ApiTokens.tokenFor("U0BOB")).statusCode()).isEqualTo(404);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        String forged = LocalTokenIssuer.generate().mint("U0ALICE", NOW, Duration.ofHours(1));

        assertUnauthorized(get("/api/enclaves", forged), "Signed JWT rejected");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String expired = ApiTokens.issuer().mint("U0ALICE", NOW.minus(Duration.ofHours(2)), Duration.ofHours(1));

        HttpResponse<String> response = get("/api/enclaves", expired);

        assertUnauthorized(response, "Jwt expired at");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"");
    }

    @Test
    void aTokenWithoutAnExpiryIsRefused() throws Exception {
        String forever = ApiTokens.issuer().sign(claims("U0ALICE").expirationTime(null).build());

        assertUnauthorized(get("/api/enclaves", forever), "The exp claim is not valid");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        String elsewhere = ApiTokens.issuer().sign(claims("U0ALICE").issuer("https://idp.example").build());
        String nobody = ApiTokens.issuer().sign(claims("U0ALICE").issuer(null).build());

        assertUnauthorized(get("/api/enclaves", elsewhere), "the token's issuer (iss) is not one this API trusts");
        assertUnauthorized(get("/api/enclaves", nobody), "Missing issuer");
    }

    @Test
    void theSuitesServiceIssuersReadAsThePersonTheyName() throws Exception {
        HttpResponse<String> viaSlack = get("/api/enclaves",
                ApiTokens.service("slack-gateway").mint("U0ALICE", Duration.ofMinutes(2)));
        HttpResponse<String> viaConsole = get("/api/enclaves",
                ApiTokens.service("console").mint("U0BOB", Duration.ofMinutes(2)));

        assertThat(viaSlack.statusCode()).isEqualTo(200);
        assertThat(EnclaveJson.mapper().readTree(viaSlack.body())).extracting(enclave -> enclave.path("name").asText())
                .containsExactly("alices-own");
        assertThat(viaConsole.statusCode()).isEqualTo(200);
        assertThat(viaConsole.body()).isEqualTo("[]");
    }

    @Test
    void aServiceKeyCannotSpeakAsAnotherIssuer() throws Exception {
        ServiceTokenIssuer console = ApiTokens.service("console");
        String asTheGateway = console.sign(serviceClaims("slack-gateway", "U0ALICE").build());
        String asTheLocalIssuer = console.sign(claims("U0ALICE").build());
        String unknownService = ServiceTokenIssuer.generate("intruder").mint("U0ALICE", Duration.ofMinutes(2));

        assertUnauthorized(get("/api/enclaves", asTheGateway), "Signed JWT rejected");
        assertUnauthorized(get("/api/enclaves", asTheLocalIssuer), "Signed JWT rejected");
        assertUnauthorized(get("/api/enclaves", unknownService), "the token's issuer (iss) is not one this API trusts");
        // the local issuer's key cannot speak as a service either
        assertUnauthorized(get("/api/enclaves", ApiTokens.issuer().sign(serviceClaims("console", "U0ALICE").build())),
                "Signed JWT rejected");
    }

    @Test
    void aServiceIssuersTokenIsCheckedLikeAnyOther() throws Exception {
        ServiceTokenIssuer gateway = ApiTokens.service("slack-gateway");
        String otherAudience = gateway.sign(serviceClaims("slack-gateway", "U0ALICE").audience("slack-gateway").build());
        String expired = gateway.mint("U0ALICE", NOW.minus(Duration.ofHours(2)), Duration.ofMinutes(2));
        String forever = gateway.sign(serviceClaims("slack-gateway", "U0ALICE").expirationTime(null).build());
        String otherParty = gateway.sign(serviceClaims("slack-gateway", "U0ALICE").claim("azp", "console").build());
        String unsigned = new PlainJWT(serviceClaims("slack-gateway", "U0ALICE").build()).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), serviceClaims("slack-gateway", "U0ALICE")
                .build());
        // HMAC keyed with the public key: the classic confusion of a verifier that takes any algorithm
        hmac.sign(new MACSigner(gateway.publicKeyPem().getBytes(StandardCharsets.US_ASCII)));

        assertUnauthorized(get("/api/enclaves", otherAudience), "The aud claim is not valid");
        assertUnauthorized(get("/api/enclaves", expired), "Jwt expired at");
        assertUnauthorized(get("/api/enclaves", forever), "The exp claim is not valid");
        assertUnauthorized(get("/api/enclaves", otherParty), "The azp claim is not valid");
        assertUnauthorized(get("/api/enclaves", unsigned), "Unsupported algorithm of none");
        assertUnauthorized(get("/api/enclaves", hmac.serialize()), "Signed JWT rejected");
        assertUnauthorized(get("/api/enclaves", gateway.mint("alice@example.com", Duration.ofMinutes(2))),
                "is not a Slack user id");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String other = ApiTokens.issuer().sign(claims("U0ALICE").audience("slack-gateway").build());

        assertUnauthorized(get("/api/enclaves", other), "The aud claim is not valid");
    }

    @Test
    void aTokenWhoseSubjectIsNoUserIdIsRefusedSayingSo() throws Exception {
        HttpResponse<String> response = get("/api/enclaves", ApiTokens.tokenFor("alice@example.com"));

        assertUnauthorized(response, "the token's sub 'alice@example.com' is not a Slack user id");
    }

    @Test
    void somethingThatIsNoJwtIsRefused() throws Exception {
        assertUnauthorized(get("/api/enclaves", "not-a-jwt"), "Invalid JWT serialization");
    }

    @Test
    void theOpenApiDocumentHealthAndTheReceiptKeysNeedNoToken() throws Exception {
        HttpResponse<String> openapi = get("/api/openapi", null);
        assertThat(openapi.statusCode()).isEqualTo(200);
        JsonNode document = EnclaveJson.mapper().readTree(openapi.body());
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/paths/~1api~1enclaves/get/parameters").findValuesAsText("name"))
                .doesNotContain("reader");
        assertThat(management("/actuator/health", null).statusCode()).isEqualTo(200);
        // 200, or 503 until the write services have made the receipt key: either way not a question of tokens
        assertThat(get("/api/receipts/keys", null).statusCode()).isIn(200, 503);
        assertThat(management("/actuator/env", null).statusCode()).isEqualTo(401);
    }

    @Test
    void probesAndTheMetricsScraperNeedNoTokenWhileReplayStillDoes() throws Exception {
        HttpResponse<String> readiness = management("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(EnclaveJson.mapper().readTree(readiness.body()).path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "kafka", "parkedEvents");
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        // the read models' processors read the event topics through Axon's Kafka source: their consumers are scraped
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> metrics = management("/actuator/prometheus", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsPattern(
                    "(?m)^kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"enclave-query-source-\\d+\"");
            assertThat(metrics.body()).contains("application=\"enclave-query\"");
        });

        assertUnauthorized(management("/actuator/replay", null), "bearer token");
        assertThat(management("/actuator/replay", ApiTokens.tokenFor("U0ALICE")).statusCode()).isEqualTo(403);
        assertUnauthorized(management("/actuator/deadletters", null), "bearer token");
        assertThat(management("/actuator/deadletters", ApiTokens.tokenFor("U0ALICE")).statusCode()).isEqualTo(403);
    }

    @Test
    void theActuatorAnswersOnTheManagementPortAndNotOnThePublicOne() throws Exception {
        int apiPort = ((WebServerApplicationContext) service).getWebServer().getPort();
        assertThat(managementPort()).isNotEqualTo(apiPort);
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus")) {
            assertThat(management(path, null).statusCode()).as(path).isEqualTo(200);
            HttpResponse<String> onTheApi = get(path, null);
            assertThat(onTheApi.statusCode()).as(path).isEqualTo(404);
            assertThat(onTheApi.body()).doesNotContain("UP").doesNotContain("enclave_");
        }
    }

    private static JWTClaimsSet.Builder serviceClaims(String service, String subject) {
        return new JWTClaimsSet.Builder().issuer(ServiceTokenIssuer.issuerOf(service))
                .audience(ServiceTokenIssuer.AUDIENCE).claim(ServiceTokenIssuer.SERVICE_CLAIM, service)
                .subject(subject).issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(LocalTokenIssuer.ISSUER).audience(LocalTokenIssuer.AUDIENCE)
                .subject(subject).issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static void assertUnauthorized(HttpResponse<String> response, String because) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(EnclaveJson.mapper().readTree(response.body()).path("detail").asText()).contains(because);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return send(((WebServerApplicationContext) service).getWebServer().getPort(), path, token);
    }

    /** The actuator's own port (management.server.port; any free one here). */
    private static HttpResponse<String> management(String path, String token) throws Exception {
        return send(managementPort(), path, token);
    }

    private static int managementPort() {
        return service.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    private static HttpResponse<String> send(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
