package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code enclavectl}: the reference internal client. Exit codes: 0 accepted, 1 rejected, 2 usage error or
 * invalid input (nothing sent), 3 no answer in time or Kafka unreachable. {@code token} prints a bearer token for
 * the read API (exit 0, or 2 when there is no key to sign it with); {@code console-code} a person's code for the
 * console's local sign-in (exit 0, or 2 when there is no secret to derive it from).
 */
@Command(name = "enclavectl", mixinStandardHelpOptions = true, version = "enclavectl 0.1",
        description = {"Sends commands to the Enclave Suite over Kafka and waits for their result.",
                "Mints bearer tokens for the suite's read API, prints people's console sign-in codes,",
                "rebuilds its read models, acts on the events they parked,",
                "exports an enclave's manifest files as the Git mirror keeps them,",
                "and plays Slack for the gateway."},
        subcommands = {EnclaveCtl.Provision.class, EnclaveCtl.Send.class, EnclaveCtl.Token.class, ConsoleCodeCommand.class,
                ReplayCommand.class,
                DeadLettersCommand.class,
                SlackCommand.class, ProposalsCommand.class, ExportCommand.class, ReconcileCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted", "1:rejected (the reason is printed)", "2:usage error or invalid input (nothing sent)",
                "3:no answer in time, or Kafka unreachable (resend with the same --command-id to retry safely)"},
        footer = {"%nExamples:", "  enclavectl provision --channel C0GROWTH --channel-name growth --owner U0ALICE",
                "  enclavectl send --type DeployTentacle --actor U0ALICE --channel-id C0GROWTH \\",
                "      --payload '{\"enclaveId\":\"growth\",\"tentacle\":\"report\",\"image\":\"ghcr.io/acme/report:1.0\"}'",
                "  TOKEN=$(enclavectl token --user U0ALICE)",
                "  curl -H \"Authorization: Bearer $TOKEN\" http://localhost:8080/api/enclaves",
                "  enclavectl console-code --user U0CAROL",
                "  enclavectl slack --user U0ALICE --channel C0GROWTH --channel-name growth /enclave info"})
public final class EnclaveCtl {

    public static final int ACCEPTED = 0;
    public static final int REJECTED = 1;
    public static final int USAGE = 2;
    public static final int NO_ANSWER = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new EnclaveCtl())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return e instanceof IllegalArgumentException ? USAGE : NO_ANSWER;
                });
    }

    /** Options every sub-command shares. */
    static class Connection {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:ENCLAVE_KAFKA:-localhost:9092}",
                description = "Kafka bootstrap servers (default: $ENCLAVE_KAFKA or ${DEFAULT-VALUE})")
        String bootstrapServers;

        @Option(names = "--topic-prefix", defaultValue = "", description = "prefix of the suite's topic names")
        String topicPrefix;

        @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
                description = "how long to wait for the result (e.g. 30s, 2m; default ${DEFAULT-VALUE})")
        Duration timeout;

        @Option(names = "--command-id", description = "the command id (default: a new one); resending an id is a safe retry")
        UUID commandId;

        @Option(names = "--id-only", description = "on success print only the id of the enclave or room the command "
                + "acted on (for scripts: ROOM=$(bin/enclavectl send --id-only …))")
        boolean idOnly;

        @Option(names = "--print", paramLabel = "NAME", description = "on success print only the value of this part of "
                + "the answer (for scripts: CODE=$(bin/enclavectl send --print confirmationCode …))")
        String print;

        @Option(names = "--reason", description = "break-glass, for an operator principal: act where the enclave's "
                + "rules refuse the actor (yourself, by your Slack user id), stating why; the enclave records it and "
                + "its owner is told")
        String operatorReason;

        @Option(names = "--principal", defaultValue = "enclavectl",
                description = "the principal that signs the command (default: ${DEFAULT-VALUE})")
        String principal;

        @Option(names = "--principal-key", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/principals/enclavectl.key.pem",
                description = "the principal's private key (default: ${DEFAULT-VALUE}, which the suite makes on its first start)")
        Path key;

        @Option(names = "--kafka-config", defaultValue = "${env:ENCLAVE_KAFKA_CONFIG:-}",
                description = "a Java properties file of Kafka client settings, for a broker that authenticates its "
                        + "clients (security.protocol, sasl.mechanism, sasl.jaas.config, …); default: $ENCLAVE_KAFKA_CONFIG, "
                        + "else ${ENCLAVE_DATA_DIR:-.enclave-data}/kafka-clients/enclavectl.properties if the suite made it, "
                        + "else none")
        String kafkaConfig;

        /** The Kafka client settings of {@code --kafka-config}, or of the suite's login for enclavectl; else none. */
        Properties kafka() {
            Properties settings = new Properties();
            String file = kafkaConfig;
            if (file == null || file.isBlank()) {
                Optional<Path> suite = suiteKafkaLogin(System.getenv());
                if (suite.isEmpty()) {
                    return settings;
                }
                file = suite.get().toString();
            }
            try (java.io.Reader in = Files.newBufferedReader(Path.of(file))) {
                settings.load(in);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + e.getMessage());
            }
            return settings;
        }

        /** The login bin/enclave-suite keeps for enclavectl in its data folder, once it has made it. */
        static Optional<Path> suiteKafkaLogin(java.util.Map<String, String> env) {
            String dataDir = env.get("ENCLAVE_DATA_DIR");
            Path file = Path.of(dataDir == null || dataDir.isBlank() ? ".enclave-data" : dataDir, "kafka-clients",
                    "enclavectl.properties");
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }

        /** Read, never created here: a key the suite's registry does not list would only be refused there. */
        PrincipalSigner signer() {
            if (!Files.isRegularFile(key)) {
                throw new IllegalArgumentException("no principal key at " + key + ": the suite makes it on its first "
                        + "start (in its data folder); otherwise name it with --principal-key");
            }
            try {
                return PrincipalSigner.read(principal, key);
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    abstract static class Sending implements Callable<Integer> {
        @CommandLine.Mixin
        Connection connection = new Connection();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int send(String type, JsonNode payload, String actor, String channelId, String key) {
            // a key for this one command: what it answers in confidence comes back sealed to it
            SealedAnswers.ReplyKey replyKey = SealedAnswers.ReplyKey.generate();
            CommandEnvelope envelope = new CommandEnvelope(
                    connection.commandId == null ? UUID.randomUUID() : connection.commandId, type, payload, actor,
                    channelId, Instant.now(), replyKey.publicKey(), connection.operatorReason);
            String target = key == null ? type : type + " " + key;
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (CommandClient client = new CommandClient(connection.bootstrapServers, connection.topicPrefix,
                    connection.signer(), connection.kafka())) {
                Optional<CommandResult> result = client.send(envelope, key, connection.timeout);
                if (result.isEmpty()) {
                    err.printf("no answer to %s (command %s) within %s: is the suite running? Resend with"
                                    + " --command-id=%s to retry safely.%n", target, envelope.commandId(),
                            DurationConverter.format(connection.timeout), envelope.commandId());
                    return NO_ANSWER;
                }
                if (result.get().accepted() && connection.idOnly) {
                    out.println(result.get().aggregateId());
                    return ACCEPTED;
                }
                if (result.get().accepted()) {
                    Map<String, String> details = new LinkedHashMap<>(result.get().details());
                    // e.g. a deprovision confirmation code: sealed to this invocation's reply key, shown only here
                    if (result.get().sealedDetails() != null) {
                        try {
                            details.putAll(EnclaveJson.mapper().readValue(replyKey.open(result.get().sealedDetails(),
                                    envelope.commandId()), new com.fasterxml.jackson.core.type.TypeReference<
                                    Map<String, String>>() { }));
                        } catch (IllegalArgumentException | java.io.IOException e) {
                            err.printf("its answer was sealed to the attempt that first sent command %s and cannot be"
                                    + " shown again: send it anew (without --command-id)%n", envelope.commandId());
                        }
                    }
                    if (connection.print != null) {
                        if (!details.containsKey(connection.print)) {
                            err.printf("accepted: %s (command %s), but its answer has no '%s'%s%n", target,
                                    envelope.commandId(), connection.print, details.isEmpty() ? ""
                                            : " (it has: " + String.join(", ", details.keySet()) + ")");
                            return USAGE;
                        }
                        out.println(details.get(connection.print));
                        return ACCEPTED;
                    }
                    String enclave = result.get().aggregateId();
                    out.printf("accepted: %s (command %s)%n", enclave == null ? target : type + " " + enclave,
                            envelope.commandId());
                    details.forEach((name, value) -> out.printf("  %s: %s%n", name, value));
                    return ACCEPTED;
                }
                err.printf("rejected: %s%n", result.get().reason());
                return REJECTED;
            } catch (CommandClient.CommandClientException e) {
                err.println("error: " + e.getMessage());
                return NO_ANSWER;
            }
        }
    }

    @Command(name = "provision", mixinStandardHelpOptions = true, description = "Provision a team enclave bound to a Slack channel.")
    static class Provision extends Sending {
        @Parameters(index = "0", arity = "0..1",
                description = "the enclave's name (lower-case letters, digits, '-'); default: derived from the channel name")
        String name;

        @Option(names = "--channel", required = true, description = "Slack channel id, e.g. C0123ABC")
        String channel;

        @Option(names = "--channel-name", required = true, description = "Slack channel name")
        String channelName;

        @Option(names = "--owner", required = true, description = "Slack user id of the owner, e.g. U0123ABC")
        String owner;

        @Option(names = "--quota", description = "small, medium (default) or large")
        String quota;

        @Option(names = "--mode", description = "a preset (private, member-read, member-edit, open-read, open-run) or rwx bits")
        String mode;

        @Option(names = "--actor", description = "who asks (default: the owner)")
        String actor;

        @Override
        public Integer call() {
            // Validate here with the api's value types, so a bad value fails at once and nothing is sent.
            ObjectMapper json = EnclaveJson.mapper();
            ObjectNode payload = json.createObjectNode();
            if (name != null) {
                payload.put("enclaveId", EnclaveId.of(name).value());
            }
            payload.set("channel", json.valueToTree(new ChannelRef(ChannelId.of(channel), channelName)));
            payload.put("owner", UserId.of(owner).value());
            if (quota != null) {
                payload.put("quota", QuotaPreset.parse(quota).label());
            }
            if (mode != null) {
                payload.put("defaultMode", Mode.parse(mode).bits());
            }
            return send("ProvisionEnclave", payload, actor == null ? owner : actor, channel,
                    name == null ? channel : name);
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true, description = "Send any public command: --type and its --payload as JSON.",
            footer = {"%nA room's windows and slots leave sealed to the room's key: SubmitWindows' windows, ProposeSlot's"
                    + " slot and CounterSlot's alternative written in clear are sealed here first (the key read from"
                    + " --api as --actor, or given with --room-key). AcceptSlot, AcknowledgeWindows and CounterSlot's"
                    + " rejected name a proposal by its number, never by its times: `enclavectl proposals ROOM --actor"
                    + " U…` lists them (coordination-service's GET /internal/rooms/{room}/proposals).",
                    "%nExamples:",
                    "  enclavectl send --type ProposeSlot --actor U0ALICE --payload \\",
                    "      '{\"coordinationId\":\"room-…\",\"slot\":{\"start\":\"2026-12-11T09:00:00Z\",",
                    "        \"end\":\"2026-12-11T09:30:00Z\"}}'",
                    "  enclavectl send --type CounterSlot --actor U0BOB --payload \\",
                    "      '{\"coordinationId\":\"room-…\",\"rejected\":1,",
                    "        \"alternative\":{\"start\":\"2026-12-11T10:00:00Z\",\"end\":\"2026-12-11T10:30:00Z\"}}'",
                    "  enclavectl send --type AcceptSlot --actor U0CAROL \\",
                    "      --payload '{\"coordinationId\":\"room-…\",\"proposal\":2}'"})
    static class Send extends Sending {
        @Option(names = "--type", required = true, description = "the command type: one of the public commands (ProvisionEnclave, DeployTentacle, RunTentacle, …)")
        String type;

        @Option(names = "--payload", required = true, description = "the command's fields as a JSON object")
        String payload;

        @Option(names = "--actor", required = true, description = "who asks: a Slack user id or a service principal")
        String actor;

        @Option(names = "--channel-id", description = "the Slack channel the request comes from")
        String channelId;

        @Option(names = "--key", description = "record key: the target aggregate id (default: the payload's "
                + "enclaveId, coordinationId or owner)")
        String key;

        @Option(names = "--api", defaultValue = "${env:ENCLAVE_API:-http://localhost:8080}",
                description = "the read API, where SubmitWindows, ProposeSlot and CounterSlot read the room's key to seal"
                        + " windows or a slot to (default: ${DEFAULT-VALUE})")
        java.net.URI api;

        @Option(names = "--token-key-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/api/token-key.pem",
                description = "the local issuer's key, to read the room's key as --actor (default: ${DEFAULT-VALUE})")
        Path tokenKeyFile;

        @Option(names = "--room-key", description = "SubmitWindows, ProposeSlot, CounterSlot: the room's public key"
                + " (its roomKey) to seal the windows or slot to, instead of reading it from the read API")
        String roomKey;

        @Override
        public Integer call() throws Exception {
            if (CommandCatalog.owning(type).isEmpty()) {
                throw new IllegalArgumentException(CommandCatalog.unknownToAll(type));
            }
            JsonNode tree;
            try {
                tree = EnclaveJson.mapper().readTree(payload);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--payload is not JSON: " + e.getMessage());
            }
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("--payload must be a JSON object");
            }
            // The target aggregate keeps one aggregate's commands in order: an enclave, a room, or a person's policy.
            String recordKey = key != null ? key : java.util.stream.Stream.of("enclaveId", "coordinationId", "owner")
                    .map(field -> tree.path(field).asText(null)).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(null);
            // windows and slots written in clear are sealed here, to the room's key, before anything is sent
            RoomKeyLookup roomKeys = new RoomKeyLookup(api, tokenKeyFile, roomKey, connection.timeout);
            JsonNode payload = "SubmitWindows".equals(type) ? new WindowSealing(roomKeys).sealIfClear(tree, actor)
                    : SlotSealing.handles(type) ? new SlotSealing(roomKeys).sealIfClear(type, tree, actor) : tree;
            return send(type, payload, actor, channelId, recordKey);
        }
    }

    /**
     * A bearer token for the read API, signed with the local issuer's key: the one the suite (enclave-query on its
     * embedded default) keeps in its data folder and checks tokens with. Against a real identity provider this
     * command does not apply: tokens come from the provider.
     */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a bearer token (a signed JWT) for the read API that reads as --user.")
    static class Token implements Callable<Integer> {
        @Option(names = "--user", required = true, description = "the Slack user id the token reads as, e.g. U0ALICE")
        String user;

        @Option(names = "--valid-for", defaultValue = "8h", converter = DurationConverter.class,
                description = "how long the token is valid (e.g. 30m, 8h, 7d; default ${DEFAULT-VALUE})")
        Duration validFor;

        @Option(names = "--key-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/api/token-key.pem",
                description = "the local issuer's key (default: ${DEFAULT-VALUE}, where the suite keeps it)")
        Path keyFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(LocalTokens.mint(keyFile, UserId.of(user), validFor,
                    "no API token key at " + keyFile + ": the suite makes it on its first start (in its data folder);"
                            + " otherwise name it with --key-file"));
            return ACCEPTED;
        }
    }

    static class DurationConverter implements CommandLine.ITypeConverter<Duration> {

        /** {@code PT1M30S} as {@code 1m30s}. */
        static String format(Duration duration) {
            return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("d")) {
                    return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 2m, 8h)");
            }
        }
    }

    private EnclaveCtl() {
    }
}
