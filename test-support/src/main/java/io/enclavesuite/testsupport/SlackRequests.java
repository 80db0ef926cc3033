package io.enclavesuite.testsupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Real HTTP requests to the Slack gateway, signed as Slack signs them (v0: HMAC-SHA256 over "v0:timestamp:body"),
 * or deliberately not. The signature is computed here independently of Slack's SDK, which the gateway uses.
 */
public final class SlackRequests {

    public static final String SECRET = "test-signing-secret";
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI endpoint;

    public SlackRequests(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/slack/events");
    }

    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> slashCommand(String command, String text, String user, String channel,
                                            String channelName, String responseUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "unused");
        fields.put("team_id", "T0LOCAL");
        fields.put("team_domain", "local");
        fields.put("channel_id", channel);
        fields.put("channel_name", channelName);
        fields.put("user_id", user);
        fields.put("user_name", user.toLowerCase());
        fields.put("command", command);
        fields.put("text", text);
        fields.put("api_app_id", "A0LOCAL");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", "1.2.3");
        return fields;
    }

    public static String event(String eventId, String eventJson) {
        return "{\"token\":\"unused\",\"team_id\":\"T0LOCAL\",\"api_app_id\":\"A0LOCAL\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":" + Instant.now().getEpochSecond() + ",\"event\":" + eventJson + "}";
    }

    public static String blockAction(String actionId, String value, String user, String channel, String responseUrl) {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0LOCAL\",\"domain\":\"local\"},"
                + "\"user\":{\"id\":\"" + user + "\",\"username\":\"" + user.toLowerCase() + "\",\"team_id\":\"T0LOCAL\"},"
                + "\"api_app_id\":\"A0LOCAL\",\"token\":\"unused\",\"trigger_id\":\"4.5.6\","
                + "\"channel\":{\"id\":\"" + channel + "\",\"name\":\"c\"},\"response_url\":\"" + responseUrl + "\","
                + "\"container\":{\"type\":\"message\"},"
                + "\"actions\":[{\"action_id\":\"" + actionId + "\",\"block_id\":\"b\",\"type\":\"button\","
                + "\"value\":\"" + value + "\",\"action_ts\":\"1.0\"}]}";
        return form(Map.of("payload", payload));
    }

    /** A modal's submission: {@code values} is the view's state as Slack sends it (block id → action id → value). */
    public static String viewSubmission(String callbackId, String privateMetadata, String user, String valuesJson) {
        String payload = "{\"type\":\"view_submission\",\"team\":{\"id\":\"T0LOCAL\",\"domain\":\"local\"},"
                + "\"user\":{\"id\":\"" + user + "\",\"username\":\"" + user.toLowerCase() + "\",\"team_id\":\"T0LOCAL\"},"
                + "\"api_app_id\":\"A0LOCAL\",\"token\":\"unused\",\"trigger_id\":\"7.8.9\","
                + "\"view\":{\"id\":\"V0LOCAL\",\"type\":\"modal\",\"callback_id\":\"" + callbackId + "\","
                + "\"private_metadata\":\"" + privateMetadata + "\",\"state\":{\"values\":" + valuesJson + "}}}";
        return form(Map.of("payload", payload));
    }

    public HttpResponse<String> signed(String body, String contentType) throws Exception {
        return signedAt(body, contentType, Instant.now(), Map.of());
    }

    public HttpResponse<String> signedAt(String body, String contentType, Instant at, Map<String, String> headers)
            throws Exception {
        String timestamp = String.valueOf(at.getEpochSecond());
        String signature = sign(SECRET, timestamp, body);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> raw(String body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
