package io.enclavesuite.slack;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.auth.ServiceTokenIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for coordination-service's {@code GET /internal/rooms/{room}/proposals} (the
 * gateway module does not contain coordination-service; the suite's SlackMeetFlowTest runs the real one): it records
 * each request's path and bearer token, answers each room as told (404 for a room it was told nothing of), and can
 * drop the connection without an answer a number of times first, as a service that went away does.
 */
final class CoordinationStandIn implements AutoCloseable {

    /** One request: its path and the subject of its bearer token, checked against the key the gateway signs with. */
    record Request(String path, String subject) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ServiceTokenIssuer trusted;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();

    private CoordinationStandIn(HttpServer server, ServiceTokenIssuer trusted) {
        this.server = server;
        this.trusted = trusted;
    }

    static CoordinationStandIn start(ServiceTokenIssuer trusted) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            CoordinationStandIn standIn = new CoordinationStandIn(server, trusted);
            server.createContext("/", standIn::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the coordination-service stand-in", e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What {@code /internal/rooms/<room>/proposals} answers from now on. */
    void answer(CoordinationId room, int status, String body) {
        answers.put(path(room), new Answer(status, body));
    }

    /** The next {@code times} requests for the room's proposals get no answer: the connection is dropped. */
    void drop(CoordinationId room, int times) {
        dropped.put(path(room), new AtomicInteger(times));
    }

    List<Request> requests(CoordinationId room) {
        return requests.stream().filter(r -> r.path().equals(path(room))).toList();
    }

    private static String path(CoordinationId room) {
        return "/internal/rooms/" + room.value() + "/proposals";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String subject = subject(authorization);
        requests.add(new Request(path, subject));
        AtomicInteger drop = dropped.get(path);
        if (drop != null && drop.getAndDecrement() > 0) {
            exchange.close(); // no headers were sent: the connection is closed with no answer
            return;
        }
        try (exchange) {
            Answer answer = subject == null ? new Answer(401, "{\"title\":\"Unauthorized\"}")
                    : answers.getOrDefault(path, new Answer(404, "{\"title\":\"No such room\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.status() == 200 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The token's subject when its signature, issuer and audience are the gateway's as an issuer; otherwise null. */
    private String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            SignedJWT token = SignedJWT.parse(authorization.substring("Bearer ".length()));
            if (!token.verify(new ECDSAVerifier(trusted.verificationKey()))
                    || !trusted.issuer().equals(token.getJWTClaimsSet().getIssuer())
                    || !token.getJWTClaimsSet().getAudience().contains(ServiceTokenIssuer.AUDIENCE)) {
                return null;
            }
            return token.getJWTClaimsSet().getSubject();
        } catch (ParseException | com.nimbusds.jose.JOSEException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
