package io.enclavesuite.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scenario 7: a Slack gateway (a child JVM) killed with SIGKILL right after it acknowledged {@code commands} slash
 * commands, then started again: every one must be published and take effect once. The gateway stores a command in its
 * outbox, in the request's transaction, before it acknowledges Slack, and publishes from there. To show that it is the
 * outbox and not luck, the broker is stopped before the first request: the gateway can acknowledge (it stores first)
 * but publish nothing, so at the kill every acknowledged command is only in its table. Then the broker starts, the
 * gateway starts, and the harness counts the command ids on the commands topic, the results and the effects.
 * <p>
 * The harness plays Slack: each request is {@code /enclave provision} from a channel of its own by a person of their
 * own (one person owns at most 10 enclaves), signed with a signing secret made for this run. The gateway runs without
 * a bot token, so it takes the caller as the channel's owner and stores the command at once (with a token it would
 * hold it until Slack named the owner, and a hold a crash leaves unsettled is dropped, by design). The command id is
 * derived from the request's signature (SlackRequestIds), so the harness knows each id before it is published.
 */
final class GatewayScenario {

    static final String MAIN = "io.enclavesuite.slack.SlackGatewayApplication";
    private static final String PREFIX = "s7-";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final FaultHarness harness;
    private final ObjectMapper json = EnclaveJson.mapper();

    GatewayScenario(FaultHarness harness) {
        this.harness = harness;
    }

    ScenarioResult run(int commands) throws Exception {
        try (SlackStandIn slack = SlackStandIn.start()) {
            return run(commands, slack);
        } finally {
            if (!harness.kafka.alive()) {
                harness.kafka.start(); // the scenario ended early: the broker back for whatever runs next
            }
        }
    }

    private ScenarioResult run(int commands, SlackStandIn slack) throws Exception {
        long began = System.nanoTime();
        List<String> failures = new ArrayList<>();
        CommandLoad names = new CommandLoad(harness.channel, PREFIX, commands, 0, 0);
        String secret = secret();
        int port = ServiceProcess.freePort();
        long deadLettersBefore = harness.tally().deadLetters();
        ServiceProcess gateway = harness.newService("slack-gateway", MAIN, List.of(
                "--server.port=" + port,
                "--enclave.slack.bot-token=", // no workspace: the caller is the owner, stored at once
                "--enclave.slack.web-api-url=" + slack.webApiUrl(),
                "--enclave.slack.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("slack-gateway")))
                .environment("SLACK_SIGNING_SECRET", secret); // as deployments give it (slack-gateway.yml)
        gateway.start().awaitReady(FaultHarness.START);

        int brokerStopped = harness.kafka.stop();
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < commands; i++) {
            ids.add(acknowledged(port, secret, slack, names, i, failures));
        }
        long pid = gateway.pid();
        gateway.kill(); // right after the last acknowledgement; exit 137 checked
        long kept = harness.database.queryForObject("select count(*) from slack_gateway.command_outbox "
                + "where command_id in (" + placeholders(ids.size()) + ")", Long.class, ids.toArray());
        long publishedAtKill = ids.size() - kept;

        long restarting = System.nanoTime();
        harness.kafka.start();
        gateway.start().awaitReady(FaultHarness.START);
        long ready = System.nanoTime();
        Map<UUID, Integer> onTopic = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = commandsConsumer()) {
            DuplicateScenarios.awaitOrFail(failures, "every acknowledged command on the commands topic",
                    DuplicateScenarios.bound(commands * 4), () -> {
                        read(consumer, ids, onTopic);
                        return onTopic.size() == ids.size();
                    });
        }
        long published = Duration.ofNanos(System.nanoTime() - ready).toSeconds();
        long restarted = Duration.ofNanos(ready - restarting).toSeconds();
        ResultTally tally = harness.tally();
        DuplicateScenarios.awaitOrFail(failures, "a result for every command", DuplicateScenarios.bound(commands),
                () -> tally.commandsWithAtLeast(ids, 1) == ids.size());
        long[] seen = {tally.resultsFor(ids)};
        DuplicateScenarios.awaitOrFail(failures, "no further result for 5 s", Duration.ofSeconds(60), () -> {
            long now = tally.resultsFor(ids);
            boolean still = now == seen[0];
            seen[0] = now;
            return still;
        }, Duration.ofSeconds(5));
        long effects = harness.events(PREFIX, "EnclaveProvisioningStarted");
        long results = tally.resultsFor(ids);
        long accepted = tally.acceptedAmong(ids);
        long different = tally.answeredDifferently(ids);
        long records = onTopic.values().stream().mapToLong(Integer::longValue).sum();
        long deadLetters = tally.deadLetters() - deadLettersBefore;
        long left = harness.database.queryForObject("select count(*) from slack_gateway.command_outbox",
                Long.class);
        if (effects != commands) {
            failures.add(effects + " effects for " + commands + " commands");
        }
        if (accepted != commands || different != 0) {
            failures.add(accepted + " of " + commands + " accepted, " + different + " answered differently"
                    + (tally.refusals().isEmpty() ? "" : "; not accepted: " + tally.refusals()));
        }
        if (deadLetters != 0) {
            failures.add(deadLetters + " dead letters");
        }
        if (left != 0) {
            failures.add(left + " rows left in the outbox");
        }
        if (brokerStopped != KafkaBrokerProcess.TERMINATED) {
            failures.add("the broker's stop ended with " + brokerStopped);
        }
        gateway.close();
        return new ScenarioResult(7, "Slack gateway killed (kill -9) after acknowledging " + commands
                + " commands", failures, ids.size() + " acknowledged with the broker stopped, "
                + publishedAtKill + " published at the kill (gateway pid " + pid + ", exit "
                + ServiceProcess.KILLED + "), " + onTopic.size() + " on the topic after the restart (" + records
                + " records, within " + published + " s of the gateway's restart; broker and gateway back in "
                + restarted + " s), " + effects + " effects, " + results + " results, " + deadLetters + " DLT",
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** One signed {@code /enclave provision}, which must be acknowledged (200, stored); its command id. */
    private UUID acknowledged(int port, String secret, SlackStandIn slack, CommandLoad names, int i,
                              List<String> failures) throws Exception {
        String body = SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", names.ownerOf(i),
                names.channelOf(i), names.enclave(i), slack.newResponseUrl()));
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = SlackRequests.sign(secret, timestamp, body);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/slack/events")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", SlackRequests.FORM)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains("Provisioning an enclave")) {
            failures.add("request " + i + " was answered " + answer.statusCode() + ": " + answer.body());
        }
        // as SlackRequestIds derives it from the verified signature
        return UUID.nameUUIDFromBytes(("slack-request:command:" + signature).getBytes(StandardCharsets.UTF_8));
    }

    private KafkaConsumer<String, String> commandsConsumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, harness.topics.prefix() + "fault-gateway-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(harness.channel.topicOf("ProvisionEnclave")));
        return consumer;
    }

    /** Counts the records on the commands topic of each of {@code ids} (more than one: published twice). */
    private void read(KafkaConsumer<String, String> consumer, Set<UUID> ids, Map<UUID, Integer> onTopic) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            try {
                String id = json.readTree(record.value()).path("commandId").asText();
                if (!id.isEmpty() && ids.contains(UUID.fromString(id))) {
                    onTopic.merge(UUID.fromString(id), 1, Integer::sum);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                // not an envelope of this scenario's (another scenario's test of bad input, say)
            }
        }
    }

    private static String placeholders(int count) {
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    /** A signing secret of this run's: 32 random bytes, never a default. */
    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
