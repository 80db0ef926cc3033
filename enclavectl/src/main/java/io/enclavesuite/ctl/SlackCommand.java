package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Plays Slack for one slash command: signs it with the gateway's signing secret as Slack would, posts it, prints the
 * immediate answer, and — standing in for the response_url on a local port — prints the answer that follows.
 * The whole path can be tried without a Slack workspace.
 */
@Command(name = "slack", mixinStandardHelpOptions = true,
        description = {"Send a slash command to the Slack gateway, signed as Slack signs it, and print its answers.",
                "Example: enclavectl slack --user U0ALICE --channel C0GROWTH --channel-name growth /enclave provision small"})
final class SlackCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "the slash command and its text, e.g. /enclave info")
    String[] words;

    @Option(names = "--user", required = true, description = "the Slack user who types it, e.g. U0ALICE")
    String user;

    @Option(names = "--channel", required = true, description = "the channel it is typed in, e.g. C0GROWTH")
    String channel;

    @Option(names = "--channel-name", description = "the channel's name (default: the id in lower case)")
    String channelName;

    @Option(names = "--url", defaultValue = "${env:ENCLAVE_SLACK_URL:-http://localhost:8084/slack/events}",
            description = "the gateway's Slack endpoint (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--secret-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/slack/signing-secret",
            description = "the signing secret (default: ${DEFAULT-VALUE}, where the suite keeps its local one); "
                    + "$SLACK_SIGNING_SECRET wins when set")
    Path secretFile;

    @Option(names = "--wait", defaultValue = "15s", converter = EnclaveCtl.DurationConverter.class,
            description = "how long to wait for the answer that follows (default: ${DEFAULT-VALUE}; 0s: don't)")
    Duration wait;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (!words[0].startsWith("/")) {
            throw new IllegalArgumentException("start with the slash command, e.g. /enclave info");
        }
        String secret = secret();
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        HttpServer responseUrl = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responseUrl.createContext("/respond", exchange -> {
            String answer;
            try (exchange) {
                answer = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, -1);
            }
            answers.add(answer); // only once the gateway has its 200: stopping the server then cuts nothing short
        });
        responseUrl.start();
        try {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("team_id", "T0LOCAL");
            form.put("team_domain", "local");
            form.put("channel_id", channel);
            form.put("channel_name", channelName == null ? channel.toLowerCase(java.util.Locale.ROOT) : channelName);
            form.put("user_id", user);
            form.put("user_name", user.toLowerCase(java.util.Locale.ROOT));
            form.put("command", words[0]);
            form.put("text", String.join(" ", java.util.Arrays.copyOfRange(words, 1, words.length)));
            form.put("api_app_id", "A0LOCAL");
            form.put("response_url", "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/respond");
            form.put("trigger_id", "local");
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            String timestamp = String.valueOf(Instant.now().getEpochSecond());
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Slack-Request-Timestamp", timestamp)
                        .header("X-Slack-Signature", sign(secret, timestamp, body))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new IllegalStateException("cannot reach the gateway at " + url + " (is the suite running?)");
            }
            if (response.statusCode() != 200) {
                spec.commandLine().getErr().println("the gateway answered " + response.statusCode() + ": " + response.body());
                return EnclaveCtl.REJECTED;
            }
            String now = text(response.body());
            if (!now.isBlank()) {
                out.println(now);
            }
            if (!wait.isZero()) {
                String later = answers.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                out.println(later == null ? "(no further answer within " + EnclaveCtl.DurationConverter.format(wait) + ")"
                        : text(later));
            }
            out.flush();
            return EnclaveCtl.ACCEPTED;
        } finally {
            responseUrl.stop(1);
        }
    }

    private String secret() throws IOException {
        String given = System.getenv("SLACK_SIGNING_SECRET");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (!Files.isRegularFile(secretFile)) {
            throw new IllegalArgumentException("no signing secret at " + secretFile + ": the suite makes it on its "
                    + "first start (in its data folder); otherwise name it with --secret-file or $SLACK_SIGNING_SECRET");
        }
        return Files.readString(secretFile, StandardCharsets.US_ASCII).strip();
    }

    /** What Slack would show: the message's text, or the body as it is. */
    private String text(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            return node.has("text") ? node.path("text").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
