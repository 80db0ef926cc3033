package io.enclavesuite.console.signin;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * An OpenID Connect provider shaped like Slack's, on a local port: discovery, an authorization endpoint that approves
 * at once (the person "clicked Allow"), a token endpoint answering as Slack does ({@code ok}, {@code id_token}) and
 * its keys. Each test says how this sign-in should go wrong, by rewriting the state sent back or the ID token's claims.
 */
final class OidcProviderStandIn implements AutoCloseable {

    static final String CLIENT_ID = "1234.5678";
    static final String CLIENT_SECRET = "test-client-secret";
    static final String TEAM = "T0TEAM";

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    /** Every code, access token and ID token handed out: none of them may be kept by the console. */
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private volatile String user = "U0CAROL";
    private volatile UnaryOperator<String> stateSentBack = UnaryOperator.identity();
    private volatile UnaryOperator<JWTClaimsSet.Builder> claims = UnaryOperator.identity();

    private OidcProviderStandIn(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    static OidcProviderStandIn start() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OidcProviderStandIn provider = new OidcProviderStandIn(server,
                new RSAKeyGenerator(2048).keyID("slack-test").generate());
        server.createContext("/.well-known/openid-configuration", provider::discovery);
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

    /** The next sign-ins are of this person, as Slack would say, with nothing wrong. */
    void signsIn(String user) {
        this.user = user;
        this.stateSentBack = UnaryOperator.identity();
        this.claims = UnaryOperator.identity();
    }

    void sendsBackState(UnaryOperator<String> rewrite) {
        this.stateSentBack = rewrite;
    }

    void issuesClaims(UnaryOperator<JWTClaimsSet.Builder> rewrite) {
        this.claims = rewrite;
    }

    /** The codes, access tokens and ID tokens handed out so far, and the client's secret. */
    List<String> secrets() {
        List<String> secrets = new java.util.ArrayList<>(issued);
        secrets.add(CLIENT_SECRET);
        return secrets;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String base = issuer().toString();
        send(exchange, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/openid/connect/authorize",
                 "token_endpoint":"%1$s/api/openid.connect.token","jwks_uri":"%1$s/openid/connect/keys",
                 "response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"],"scopes_supported":["openid","profile","email"],
                 "token_endpoint_auth_methods_supported":["client_secret_post","client_secret_basic"]}"""
                .formatted(base));
    }

    /** Approves at once: back to the console's redirect URI with a code bound to the request's nonce. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String code = UUID.randomUUID().toString();
        issued.add(code);
        nonces.put(code, query.getOrDefault("nonce", ""));
        URI back = UriComponentsBuilder.fromUriString(query.get("redirect_uri")).queryParam("code", code)
                .queryParam("state", stateSentBack.apply(query.get("state"))).encode().build().toUri();
        exchange.getResponseHeaders().add("Location", back.toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(exchange, 200, "{\"ok\":false,\"error\":\"invalid_client\"}");
            return;
        }
        String nonce = nonces.remove(form.get("code"));
        if (nonce == null) {
            send(exchange, 200, "{\"ok\":false,\"error\":\"invalid_code\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder idToken = new JWTClaimsSet.Builder().issuer(issuer().toString()).audience(CLIENT_ID)
                .subject(user).claim(Person.SLACK_USER_ID, user).claim(Person.SLACK_TEAM_ID, TEAM)
                .claim("nonce", nonce).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        try {
            SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims.apply(idToken).build());
            signed.sign(new RSASSASigner(key));
            // a user token of Slack's shape, new each time, so that a copy of it anywhere would be this one
            String accessToken = "xoxp-" + UUID.randomUUID();
            issued.add(accessToken);
            issued.add(signed.serialize());
            send(exchange, 200, "{\"ok\":true,\"access_token\":\"" + accessToken
                    + "\",\"token_type\":\"Bearer\",\"id_token\":\"" + signed.serialize() + "\"}");
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
