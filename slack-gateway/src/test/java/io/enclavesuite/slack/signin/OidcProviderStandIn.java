package io.enclavesuite.slack.signin;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An OpenID Connect provider shaped like Slack's, on a local port (after the console's stand-in): an authorization
 * endpoint that approves at once (the person "clicked Allow") and sends the browser back with a one-time code bound
 * to the request's nonce, a token endpoint that answers as Slack does ({@code ok}, {@code id_token}; a used or
 * unknown code is {@code {"ok":false,"error":"invalid_code"}}) and its keys. Times in its ID tokens are the given
 * clock's. Each test says how the next sign-in should go wrong: the state sent back, the ID token's claims, the key
 * it is signed with, or a refusal at the authorization step.
 */
final class OidcProviderStandIn implements AutoCloseable {

    static final String CLIENT_ID = "1234.5678";
    static final String CLIENT_SECRET = "test-client-secret";
    static final String TEAM = "T0TEAM";
    static final String USER_CLAIM = "https://slack.com/user_id";
    static final String TEAM_CLAIM = "https://slack.com/team_id";

    private final HttpServer server;
    private final RSAKey key;
    private final Clock clock;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    private volatile String user = "U0CAROL";
    private volatile UnaryOperator<String> stateSentBack = UnaryOperator.identity();
    private volatile UnaryOperator<JWTClaimsSet.Builder> claims = UnaryOperator.identity();
    private volatile RSAKey signingKey;
    private volatile String authorizationError;

    private OidcProviderStandIn(HttpServer server, RSAKey key, Clock clock) {
        this.server = server;
        this.key = key;
        this.signingKey = key;
        this.clock = clock;
    }

    static OidcProviderStandIn start(Clock clock) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OidcProviderStandIn provider = new OidcProviderStandIn(server,
                new RSAKeyGenerator(2048).keyID("slack-test").generate(), clock);
        server.createContext("/openid/connect/authorize", provider::authorize);
        server.createContext("/api/openid.connect.token", provider::token);
        server.createContext("/openid/connect/keys", exchange -> provider.send(exchange, 200,
                new JWKSet(provider.key.toPublicJWK()).toString()));
        server.start();
        return provider;
    }

    URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The gateway's settings for this provider. */
    List<String> gatewayArguments() {
        String base = issuer().toString();
        return List.of("--enclave.slack.sign-in.client-id=" + CLIENT_ID,
                "--enclave.slack.sign-in.client-secret=" + CLIENT_SECRET,
                "--enclave.slack.sign-in.issuer=" + base,
                "--enclave.slack.sign-in.authorize-url=" + base + "/openid/connect/authorize",
                "--enclave.slack.sign-in.token-url=" + base + "/api/openid.connect.token",
                "--enclave.slack.sign-in.keys-url=" + base + "/openid/connect/keys",
                "--enclave.slack.sign-in.team-id=" + TEAM);
    }

    /** The next sign-ins are of this person, as Slack would say, with nothing wrong. */
    void signsIn(String user) {
        this.user = user;
        this.stateSentBack = UnaryOperator.identity();
        this.claims = UnaryOperator.identity();
        this.signingKey = key;
        this.authorizationError = null;
    }

    void sendsBackState(UnaryOperator<String> rewrite) {
        this.stateSentBack = rewrite;
    }

    void issuesClaims(UnaryOperator<JWTClaimsSet.Builder> rewrite) {
        this.claims = rewrite;
    }

    /** ID tokens are signed with this key, under this key's id; only the stand-in's own key is published. */
    void signsWith(RSAKey other) {
        this.signingKey = other;
    }

    /** The authorization step sends the browser back with this error instead of a code. */
    void refusesAuthorization(String error) {
        this.authorizationError = error;
    }

    /** The form of each token request, as sent. */
    List<Map<String, String>> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Approves at once: back to the redirect URI with a code bound to the request's nonce. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        UriComponentsBuilder back = UriComponentsBuilder.fromUriString(query.get("redirect_uri"));
        if (authorizationError != null) {
            back.queryParam("error", authorizationError);
        } else {
            String code = UUID.randomUUID().toString();
            nonces.put(code, query.getOrDefault("nonce", ""));
            back.queryParam("code", code);
        }
        back.queryParam("state", stateSentBack.apply(query.get("state")));
        exchange.getResponseHeaders().add("Location", back.encode().build().toUri().toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(form);
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(exchange, 200, "{\"ok\":false,\"error\":\"invalid_client\"}");
            return;
        }
        String nonce = nonces.remove(form.get("code"));
        if (nonce == null) {
            send(exchange, 200, "{\"ok\":false,\"error\":\"invalid_code\"}");
            return;
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder idToken = new JWTClaimsSet.Builder().issuer(issuer().toString()).audience(CLIENT_ID)
                .subject(user).claim(USER_CLAIM, user).claim(TEAM_CLAIM, TEAM)
                .claim("nonce", nonce).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        try {
            RSAKey signer = signingKey;
            com.nimbusds.jwt.SignedJWT signed = new com.nimbusds.jwt.SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT).keyID(signer.getKeyID()).build(), claims.apply(idToken).build());
            signed.sign(new RSASSASigner(signer));
            send(exchange, 200, "{\"ok\":true,\"access_token\":\"xoxp-test\",\"token_type\":\"Bearer\",\"id_token\":\""
                    + signed.serialize() + "\"}");
        } catch (Exception e) {
            send(exchange, 500, "{\"ok\":false,\"error\":\"" + e.getMessage() + "\"}");
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
