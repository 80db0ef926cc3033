package io.enclavesuite.testsupport;

import com.nimbusds.jose.JOSEException;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An OpenID Connect provider shaped like Slack's, on a local port, for the console's Sign in with Slack and the
 * gateway's: discovery, an authorization endpoint that approves at once (the person "clicked Allow") and sends the
 * browser back with a one-time code bound to the request's nonce, a token endpoint that answers as Slack does
 * ({@code ok}, {@code id_token}; a used or unknown code is {@code {"ok":false,"error":"invalid_code"}}, a wrong client
 * {@code invalid_client}) and its keys. Times in its ID tokens are the given clock's. Each test says how the next
 * sign-in should go wrong: the state sent back, the ID token's claims, the key it is signed with, or a refusal at the
 * authorization step. It records every token request and every secret it hands out, so that a test can look for them
 * where they must not be.
 */
public final class OidcProviderStandIn implements AutoCloseable {

    public static final String CLIENT_ID = "1234.5678";
    /** The client secret the provider expects; a test value, guards nothing. */
    public static final String CLIENT_SECRET = "test-client-secret";
    public static final String TEAM = "T0TEAM";
    /** Slack's claims for the user and the workspace in its ID tokens ({@code sub} holds the user id too). */
    public static final String USER_CLAIM = "https://slack.com/user_id";
    public static final String TEAM_CLAIM = "https://slack.com/team_id";

    private static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final HttpServer server;
    private final RSAKey key;
    private final Clock clock;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    /** Every code, access token and ID token handed out. */
    private final List<String> issued = new CopyOnWriteArrayList<>();
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

    /** A provider whose ID tokens are issued now, by the system clock. */
    public static OidcProviderStandIn start() {
        return start(Clock.systemUTC());
    }

    /** A provider whose ID tokens are issued at {@code clock}'s time. */
    public static OidcProviderStandIn start(Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OidcProviderStandIn provider = new OidcProviderStandIn(server,
                    new RSAKeyGenerator(2048).keyID("slack-test").generate(), clock);
            server.createContext("/.well-known/openid-configuration", provider::discovery);
            server.createContext("/openid/connect/authorize", provider::authorize);
            server.createContext("/api/openid.connect.token", provider::token);
            server.createContext("/openid/connect/keys", exchange -> provider.send(exchange, 200,
                    new JWKSet(provider.key.toPublicJWK()).toString()));
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OpenID Connect provider stand-in", e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the OpenID Connect provider stand-in's key", e);
        }
    }

    /** The issuer its ID tokens name, and the base of its endpoints' addresses. */
    public URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI authorizationEndpoint() {
        return URI.create(issuer() + "/openid/connect/authorize");
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + "/api/openid.connect.token");
    }

    public URI keysEndpoint() {
        return URI.create(issuer() + "/openid/connect/keys");
    }

    /** The next sign-ins are of this person, as Slack would say, with nothing wrong. */
    public void signsIn(String user) {
        this.user = user;
        this.stateSentBack = UnaryOperator.identity();
        this.claims = UnaryOperator.identity();
        this.signingKey = key;
        this.authorizationError = null;
    }

    /** The authorization step sends the browser back with the state rewritten so. */
    public void sendsBackState(UnaryOperator<String> rewrite) {
        this.stateSentBack = rewrite;
    }

    /** ID tokens carry the claims rewritten so. */
    public void issuesClaims(UnaryOperator<JWTClaimsSet.Builder> rewrite) {
        this.claims = rewrite;
    }

    /** ID tokens are signed with this key, under this key's id; only the stand-in's own key is published. */
    public void signsWith(RSAKey other) {
        this.signingKey = other;
    }

    /** The authorization step sends the browser back with this error instead of a code. */
    public void refusesAuthorization(String error) {
        this.authorizationError = error;
    }

    /** The form of each token request, as sent. */
    public List<Map<String, String>> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** The codes, access tokens and ID tokens handed out so far, and the client's secret. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(issued);
        secrets.add(CLIENT_SECRET);
        return secrets;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        send(exchange, 200, """
                {"issuer":"%s","authorization_endpoint":"%s","token_endpoint":"%s","jwks_uri":"%s",
                 "response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"],"scopes_supported":["openid","profile","email"],
                 "token_endpoint_auth_methods_supported":["client_secret_post","client_secret_basic"]}"""
                .formatted(issuer(), authorizationEndpoint(), tokenEndpoint(), keysEndpoint()));
    }

    /** Approves at once: back to the redirect URI with a code bound to the request's nonce, or with the error set. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        Map<String, String> back = new java.util.LinkedHashMap<>();
        if (authorizationError != null) {
            back.put("error", authorizationError);
        } else {
            String code = UUID.randomUUID().toString();
            issued.add(code);
            nonces.put(code, query.getOrDefault("nonce", ""));
            back.put("code", code);
        }
        String state = stateSentBack.apply(query.get("state"));
        if (state != null) {
            back.put("state", state);
        }
        exchange.getResponseHeaders().add("Location", withQuery(query.get("redirect_uri"), back));
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
        String nonce = nonces.remove(form.getOrDefault("code", ""));
        if (nonce == null) {
            send(exchange, 200, "{\"ok\":false,\"error\":\"invalid_code\"}");
            return;
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder idToken = new JWTClaimsSet.Builder().issuer(issuer().toString()).audience(CLIENT_ID)
                .subject(user).claim(USER_CLAIM, user).claim(TEAM_CLAIM, TEAM).claim("nonce", nonce)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ID_TOKEN_LIFETIME)));
        try {
            RSAKey signer = signingKey;
            SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(signer.getKeyID()).build(), claims.apply(idToken).build());
            signed.sign(new RSASSASigner(signer));
            // a user token of Slack's shape, new each time, so that a copy of it anywhere would be this one
            String accessToken = "xoxp-" + UUID.randomUUID();
            issued.add(accessToken);
            issued.add(signed.serialize());
            send(exchange, 200, "{\"ok\":true,\"access_token\":\"" + accessToken
                    + "\",\"token_type\":\"Bearer\",\"id_token\":\"" + signed.serialize() + "\"}");
        } catch (JOSEException e) {
            send(exchange, 500, "{\"ok\":false,\"error\":\"cannot_sign\"}");
        }
    }

    private static String withQuery(String uri, Map<String, String> params) {
        StringBuilder out = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            out.append(separator).append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return out.toString();
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
