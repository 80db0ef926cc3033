package io.enclavesuite.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for Slack: the Web API under {@code /api/<method>} and response_urls under
 * {@code /respond/<id>}. It records every call as it arrived and answers {@code ok}; it can be told to answer a
 * method with 429 and a Retry-After a number of times first. What it records is what a real workspace would have
 * been sent.
 *
 * <p>It also stands in for a workspace's channels ({@link #channel}): {@code conversations.info} names the creator,
 * {@code conversations.members} lists the members page by page (cursor), {@code users.info} knows the bots. A channel
 * it was not told about was created by {@value #DEFAULT_OWNER} and will not list its members (channel_not_found),
 * so a membership check never reads it as empty.
 */
public final class SlackStandIn implements AutoCloseable {

    /** One call: the Web API method (or {@code respond/<id>}), its form or JSON body, and when it arrived. */
    public record Call(String method, Map<String, String> form, String body, Instant at) {
        public String param(String name) {
            return form.get(name);
        }
    }

    /** Who created (owns) a channel the stand-in was not told about. */
    public static final String DEFAULT_OWNER = "U0ALICE";
    private static final int MEMBERS_PER_PAGE = 3;

    private record Channel(String name, String creator, List<String> members) {
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final java.util.Set<String> bots = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Integer> retryAfter = new ConcurrentHashMap<>();
    private final AtomicInteger responseUrls = new AtomicInteger();
    private final Map<String, java.util.function.Function<Call, String>> answers = new ConcurrentHashMap<>();

    private SlackStandIn(HttpServer server) {
        this.server = server;
    }

    public static SlackStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SlackStandIn standIn = new SlackStandIn(server);
            server.createContext("/", standIn::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Slack stand-in", e);
        }
    }

    /** What to configure as the Web API base URL. */
    public URI webApiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    /** A fresh response_url, as Slack puts one in each slash command and interaction. */
    public String newResponseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/respond/" + responseUrls.incrementAndGet();
    }

    /** The next {@code times} calls of {@code method} get 429 with Retry-After {@code seconds}. */
    public void rateLimit(String method, int times, int seconds) {
        rateLimited.put(method, new AtomicInteger(times));
        retryAfter.put(method, seconds);
    }

    /** What {@code method} answers from now on (JSON), instead of a bare {@code ok}. */
    public void answer(String method, java.util.function.Function<Call, String> answer) {
        answers.put(method, answer);
    }

    /** A channel of the workspace: who created it, and who is in it now (a later call replaces it). */
    public void channel(String id, String name, String creator, List<String> members) {
        channels.put(id, new Channel(name, creator, List.copyOf(members)));
    }

    /** {@code users.info} says this user is a bot. */
    public void bot(String user) {
        bots.add(user);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** What went to one response_url. */
    public List<Call> responses(String responseUrl) {
        String id = responseUrl.substring(responseUrl.indexOf("/respond/") + 1);
        return calls(id);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = path.startsWith("/api/") ? path.substring("/api/".length()) : path.substring(1);
            AtomicInteger limited = rateLimited.get(method);
            if (limited != null && limited.getAndDecrement() > 0) {
                calls.add(new Call(method + ":429", form(exchange, body), body, Instant.now()));
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter.get(method)));
                answer(exchange, 429, "{\"ok\":false,\"error\":\"ratelimited\"}");
                return;
            }
            Call call = new Call(method, form(exchange, body), body, Instant.now());
            calls.add(call);
            if (answers.containsKey(method)) {
                answer(exchange, 200, answers.get(method).apply(call));
            } else if (method.startsWith("respond/")) {
                answer(exchange, 200, "ok");
            } else if (method.equals("conversations.info")) {
                String id = call.param("channel");
                Channel channel = channels.getOrDefault(id, new Channel("channel", DEFAULT_OWNER, null));
                answer(exchange, 200, "{\"ok\":true,\"channel\":{\"id\":\"" + id + "\",\"name\":\"" + channel.name()
                        + "\",\"is_channel\":true,\"creator\":\"" + channel.creator() + "\"}}");
            } else if (method.equals("conversations.members")) {
                answer(exchange, 200, members(call));
            } else if (method.equals("users.info")) {
                String user = call.param("user");
                answer(exchange, 200, "{\"ok\":true,\"user\":{\"id\":\"" + user + "\",\"is_bot\":" + bots.contains(user) + "}}");
            } else if (method.equals("auth.test")) {
                answer(exchange, 200, "{\"ok\":true,\"team_id\":\"T0LOCAL\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\"}");
            } else {
                answer(exchange, 200, "{\"ok\":true,\"ts\":\"" + Instant.now().toEpochMilli() / 1000.0 + "\"}");
            }
        }
    }

    private String members(Call call) {
        Channel channel = channels.get(call.param("channel"));
        if (channel == null) {
            return "{\"ok\":false,\"error\":\"channel_not_found\"}";
        }
        int from = call.param("cursor") == null || call.param("cursor").isBlank() ? 0 : Integer.parseInt(call.param("cursor"));
        // Slack may answer fewer than the limit asked for: pages of at most three make every caller follow the cursor.
        int limit = Math.min(MEMBERS_PER_PAGE, call.param("limit") == null ? 100 : Integer.parseInt(call.param("limit")));
        List<String> page = channel.members().subList(from, Math.min(channel.members().size(), from + limit));
        String next = from + limit < channel.members().size() ? String.valueOf(from + limit) : "";
        return "{\"ok\":true,\"members\":[" + page.stream().map(m -> "\"" + m + "\"")
                .collect(java.util.stream.Collectors.joining(",")) + "],\"response_metadata\":{\"next_cursor\":\""
                + next + "\"}}";
    }

    private static Map<String, String> form(HttpExchange exchange, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
