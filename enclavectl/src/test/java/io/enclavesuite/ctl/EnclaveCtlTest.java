package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.ActsFor;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.Principal;
import io.enclavesuite.trust.PrincipalKey;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.RoomSeals;
import io.enclavesuite.trust.SealedAnswers;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** enclavectl against a real broker; a small responder plays the command service's intake. */
class EnclaveCtlTest {

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    private final List<CommandEnvelope> received = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, String>> receivedRecords = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = EnclaveJson.mapper();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private volatile Function<CommandEnvelope, CommandResult> answer = envelope -> null;
    private volatile boolean responding = true;
    private Thread responder;

    @BeforeEach
    void startResponder() throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.commands(), 2, (short) 1),
                    new NewTopic(topics.coordinationCommands(), 2, (short) 1),
                    new NewTopic(topics.commandResults(), 3, (short) 1))).all().get();
        }
        responder = new Thread(this::respond, "responder");
        responder.start();
    }

    @AfterEach
    void stopResponder() throws InterruptedException {
        responding = false;
        responder.join();
    }

    private int run(String... args) {
        CommandLine cli = EnclaveCtl.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 5];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap-servers=" + infrastructure.kafkaBootstrapServers();
        all[args.length + 1] = "--topic-prefix=" + topics.prefix();
        all[args.length + 2] = "--timeout=5s";
        all[args.length + 3] = "--command-id=00000000-0000-0000-0000-00000000000" + (received.size() + 1);
        all[args.length + 4] = "--principal-key=" + TestInfrastructure.principalKey("enclavectl");
        return cli.execute(all);
    }

    @Test
    void anAcceptedCommandExitsZero() {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), "growth", Instant.now());

        int exit = run("provision", "growth", "--channel", "C0GROWTH", "--channel-name", "growth", "--owner", "U0ALICE");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).startsWith("accepted: ProvisionEnclave growth (command ");
        CommandEnvelope sent = received.get(0);
        assertThat(sent.type()).isEqualTo("ProvisionEnclave");
        assertThat(sent.actor()).isEqualTo("U0ALICE");
        assertThat(sent.channelId()).isEqualTo("C0GROWTH");
        assertThat(sent.payload().path("enclaveId").asText()).isEqualTo("growth");
        assertThat(sent.payload().has("quota")).as("left to the service's default").isFalse();
        ConsumerRecord<String, String> record = receivedRecords.get(0);
        assertThat(record.key()).as("key: the target aggregate").isEqualTo("growth");
        // signed by enclavectl's key over the record's exact bytes
        PrincipalSigner enclavectl = PrincipalSigner.read("enclavectl", TestInfrastructure.principalKey("enclavectl"));
        PrincipalRegistry registry = PrincipalRegistry.of(List.of(new Principal("enclavectl", Set.of("*"),
                ActsFor.parse("anyone", Set.of()), List.of(new PrincipalKey(enclavectl.key().verificationKey(), null,
                null, "test")))), Set.of());
        assertThat(EnvelopeSignature.verify(registry, new String(record.headers().lastHeader(EnvelopeSignature.HEADER)
                .value(), StandardCharsets.US_ASCII), record.value().getBytes(StandardCharsets.UTF_8), Instant.now()).id())
                .isEqualTo("enclavectl");
    }

    /** Client settings from --kafka-config reach the client: one naming a protocol the broker does not speak fails. */
    @Test
    void kafkaClientSettingsComeFromTheKafkaConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path config = dir.resolve("kafka.properties");
        java.nio.file.Files.writeString(config, "security.protocol=SSL\nclient.id=from-the-file\n");

        int exit = run("send", "--type", "FreezeEnclave", "--actor", "U0ALICE", "--payload",
                "{\"enclaveId\":\"growth\",\"reason\":\"OWNER\"}", "--kafka-config=" + config);

        assertThat(exit).isEqualTo(EnclaveCtl.NO_ANSWER);
        assertThat(received).isEmpty();
        assertThat(run("send", "--type", "FreezeEnclave", "--actor", "U0ALICE", "--payload",
                "{\"enclaveId\":\"growth\"}", "--kafka-config=" + dir.resolve("missing.properties")))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("cannot read --kafka-config");
    }

    /** Without --kafka-config or $ENCLAVE_KAFKA_CONFIG: the login the suite keeps for enclavectl, once it has made it. */
    @Test
    void withoutAKafkaConfigTheSuitesLoginInItsDataFolderIsUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("ENCLAVE_DATA_DIR", dir.toString());
        assertThat(EnclaveCtl.Connection.suiteKafkaLogin(env)).isEmpty();
        java.nio.file.Path login = dir.resolve("kafka-clients").resolve("enclavectl.properties");
        java.nio.file.Files.createDirectories(login.getParent());
        java.nio.file.Files.writeString(login, "security.protocol=SASL_PLAINTEXT\n");
        assertThat(EnclaveCtl.Connection.suiteKafkaLogin(env)).contains(login);
    }

    @Test
    void withoutItsKeyNothingIsSentAndTheUsageErrorSaysWhereTheKeyWasLookedFor() {
        CommandLine cli = EnclaveCtl.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("send", "--type", "FreezeEnclave", "--actor", "U0ALICE", "--payload",
                "{\"enclaveId\":\"growth\"}", "--bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--topic-prefix=" + topics.prefix(), "--principal-key=/nonexistent/enclavectl.key.pem");

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("no principal key at /nonexistent/enclavectl.key.pem", "--principal-key");
        assertThat(received).isEmpty();
    }

    @Test
    void withoutANameTheServiceDerivesItFromTheChannelAndSaysWhichItChose() {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), "growth-team", Instant.now());

        int exit = run("provision", "--channel", "C0GROWTH", "--channel-name", "Growth Team", "--owner", "U0ALICE",
                "--quota", "large");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).startsWith("accepted: ProvisionEnclave growth-team (command ");
        assertThat(received.get(0).payload().has("enclaveId")).isFalse();
        assertThat(received.get(0).payload().path("quota").asText()).isEqualTo("large");
        assertThat(receivedRecords.get(0).key()).isEqualTo("C0GROWTH");
    }

    @Test
    void whatAnAcceptedCommandAnswersIsPrinted() {
        answer = envelope -> new CommandResult(envelope.commandId(), CommandResult.Status.ACCEPTED, null, "growth",
                Instant.now(), java.util.Map.of("expiresAt", "2026-12-06T10:05:00Z"));

        int exit = run("send", "--type", "RequestDeprovision", "--actor", "U0ALICE", "--channel-id", "C0GROWTH",
                "--payload", "{\"enclaveId\":\"growth\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).contains("accepted: RequestDeprovision growth (command ")
                .contains("  expiresAt: 2026-12-06T10:05:00Z");
    }

    /** The code is sealed to the key this invocation sent; it prints it, and the record on the topic never shows it. */
    @Test
    void anAnswerInConfidenceIsOpenedWithTheInvocationsOwnReplyKey() {
        answer = envelope -> new CommandResult(envelope.commandId(), CommandResult.Status.ACCEPTED, null, "growth",
                Instant.now(), java.util.Map.of(), SealedAnswers.seal(envelope.replyKey(), envelope.commandId(),
                "{\"confirmationCode\":\"7K3M-Q9XT\"}".getBytes(StandardCharsets.UTF_8)));

        int exit = run("send", "--type", "RequestDeprovision", "--actor", "U0ALICE", "--channel-id", "C0GROWTH",
                "--payload", "{\"enclaveId\":\"growth\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).contains("  confirmationCode: 7K3M-Q9XT");
        assertThat(received.get(0).replyKey()).isNotBlank();
    }

    /** For scripts: CODE=$(bin/enclavectl send --print confirmationCode …) takes the code, sealed or not, alone. */
    @Test
    void withPrintAnAcceptedCommandPrintsOnlyThatPartOfItsAnswer() {
        answer = envelope -> new CommandResult(envelope.commandId(), CommandResult.Status.ACCEPTED, null, "growth",
                Instant.now(), java.util.Map.of("expiresAt", "2026-12-06T10:05:00Z"), SealedAnswers.seal(
                envelope.replyKey(), envelope.commandId(),
                "{\"confirmationCode\":\"7K3M-Q9XT\"}".getBytes(StandardCharsets.UTF_8)));

        int exit = run("send", "--print", "confirmationCode", "--type", "RequestDeprovision", "--actor", "U0ALICE",
                "--channel-id", "C0GROWTH", "--payload", "{\"enclaveId\":\"growth\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).isEqualTo("7K3M-Q9XT" + System.lineSeparator());
    }

    @Test
    void withPrintAnAnswerWithoutThatPartIsAUsageErrorNamingWhatItHas() {
        answer = envelope -> new CommandResult(envelope.commandId(), CommandResult.Status.ACCEPTED, null, "growth",
                Instant.now(), java.util.Map.of("expiresAt", "2026-12-06T10:05:00Z"));

        int exit = run("send", "--print", "confirmationCode", "--type", "RequestDeprovision", "--actor", "U0ALICE",
                "--channel-id", "C0GROWTH", "--payload", "{\"enclaveId\":\"growth\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("its answer has no 'confirmationCode' (it has: expiresAt)");
    }

    @Test
    void anAnswerSealedToAnEarlierAttemptsKeyIsNotShown() {
        answer = envelope -> new CommandResult(envelope.commandId(), CommandResult.Status.ACCEPTED, null, "growth",
                Instant.now(), java.util.Map.of(), SealedAnswers.seal(SealedAnswers.ReplyKey.generate().publicKey(),
                envelope.commandId(), "{\"confirmationCode\":\"7K3M-Q9XT\"}".getBytes(StandardCharsets.UTF_8)));

        int exit = run("send", "--type", "RequestDeprovision", "--actor", "U0ALICE", "--channel-id", "C0GROWTH",
                "--payload", "{\"enclaveId\":\"growth\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).doesNotContain("7K3M-Q9XT");
        assertThat(err.toString()).contains("cannot be shown again");
    }

    @Test
    void anyCommandCanBeSentAsJsonAndIsKeyedByItsEnclave() {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), "beta", Instant.now());

        int exit = run("send", "--type", "ProvisionEnclave", "--actor", "svc-billing", "--channel-id", "C0BETA",
                "--payload", "{\"enclaveId\":\"beta\",\"channel\":{\"id\":\"C0BETA\",\"name\":\"beta\"},\"owner\":\"U0BOB\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).startsWith("accepted: ProvisionEnclave beta (command ");
        assertThat(received.get(0).actor()).isEqualTo("svc-billing");
        assertThat(receivedRecords.get(0).key()).isEqualTo("beta");
    }

    @Test
    void anOperatorsReasonTravelsInTheSignedEnvelopeAndAnEmptyOneIsAUsageError() {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), "growth", Instant.now());

        int exit = run("send", "--type", "FreezeEnclave", "--actor", "U0OPS", "--reason", "INC-42: owner away",
                "--payload", "{\"enclaveId\":\"growth\",\"reason\":\"owner-request\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(received.get(0).operatorReason()).isEqualTo("INC-42: owner away");
        assertThat(receivedRecords.get(0).value()).contains("\"operatorReason\":\"INC-42: owner away\"");

        assertThat(run("send", "--type", "FreezeEnclave", "--actor", "U0OPS", "--reason", " ",
                "--payload", "{\"enclaveId\":\"growth\",\"reason\":\"owner-request\"}")).isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("operatorReason, when given, must say why");
        assertThat(recordsOnTheCommandsTopic()).isOne();
    }

    @Test
    void withIdOnlyAnAcceptedCommandPrintsOnlyTheIdItActedOn() {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), "growth", Instant.now());

        int exit = run("send", "--id-only", "--type", "RunTentacle", "--actor", "U0ALICE",
                "--payload", "{\"enclaveId\":\"growth\",\"tentacle\":\"report\"}");

        assertThat(exit).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(out.toString()).isEqualTo("growth" + System.lineSeparator());
    }

    @Test
    void aRejectedCommandPrintsTheReasonAndExitsOne() {
        answer = envelope -> CommandResult.rejected(envelope.commandId(), "growth",
                "enclave 'growth' already exists (active)", Instant.now());

        int exit = run("provision", "growth", "--channel", "C0GROWTH", "--channel-name", "growth", "--owner", "U0ALICE");

        assertThat(exit).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(err.toString()).isEqualTo("rejected: enclave 'growth' already exists (active)" + System.lineSeparator());
    }

    @Test
    void noAnswerInTimeExitsThree() {
        int exit = run("provision", "quiet", "--channel", "C0QUIET", "--channel-name", "quiet", "--owner", "U0ALICE");

        assertThat(exit).isEqualTo(EnclaveCtl.NO_ANSWER);
        assertThat(err.toString()).contains("no answer to ProvisionEnclave quiet (command ")
                .contains("within 5s: is the suite running?");
        assertThat(recordsOnTheCommandsTopic()).isOne();
    }

    @Test
    void anInvalidNameExitsTwoAndSendsNothing() {
        int exit = run("provision", "Not_A_Name", "--channel", "C0X", "--channel-name", "x", "--owner", "U0ALICE");

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("enclave name 'Not_A_Name' must be lower-case letters");
        assertThat(recordsOnTheCommandsTopic()).isZero();
    }

    @Test
    void anUnknownTypeExitsTwoAndSendsNothing() {
        int exit = run("send", "--type", "CompleteProvisioning", "--payload", "{}", "--actor", "U0ALICE");

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("unknown command type 'CompleteProvisioning' (known: AcceptSlot, "
                + "AcknowledgeWindows, AddAutonomyRule, ApproveParticipation, ChownTentacle, ConfirmDeprovision, ");
        assertThat(recordsOnTheCommandsTopic()).isZero();
    }

    private static final String ROOM = "room-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
    private static final String SLOT = "{\"start\":\"2026-12-11T08:30:00Z\",\"end\":\"2026-12-11T09:15:00Z\"}";
    private static final List<String> SLOT_TIMES = List.of("2026-12-11", "08:30", "09:15",
            String.valueOf(Instant.parse("2026-12-11T08:30:00Z").getEpochSecond()),
            String.valueOf(Instant.parse("2026-12-11T08:30:00Z").toEpochMilli()));

    /** A slot written in clear reaches the broker sealed to the room as the actor, on the room commands' topic. */
    @Test
    void aSlotInClearIsSealedToTheRoomBeforeItIsSent() throws Exception {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), ROOM, Instant.now());
        RoomSeals.RoomKeyPair room = RoomSeals.generate();

        assertThat(run("send", "--type", "ProposeSlot", "--actor", "U0ALICE", "--room-key", room.publicKey(),
                "--payload", "{\"coordinationId\":\"" + ROOM + "\",\"slot\":" + SLOT + "}")).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(run("send", "--type", "CounterSlot", "--actor", "U0BOB", "--room-key", room.publicKey(),
                "--payload", "{\"coordinationId\":\"" + ROOM + "\",\"rejected\":1,\"alternative\":" + SLOT + "}"))
                .isEqualTo(EnclaveCtl.ACCEPTED);

        assertThat(receivedRecords).hasSize(2).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(topics.coordinationCommands());
            assertThat(record.key()).isEqualTo(ROOM);
            assertThat(record.value()).doesNotContain(SLOT_TIMES);
        });
        TimeWindow slot = new TimeWindow(Instant.parse("2026-12-11T08:30:00Z"), Instant.parse("2026-12-11T09:15:00Z"));
        ProposeSlot proposed = json.treeToValue(received.get(0).payload(), ProposeSlot.class);
        CounterSlot countered = json.treeToValue(received.get(1).payload(), CounterSlot.class);
        assertThat(RoomSeals.openSlot(room, CoordinationId.of(ROOM), UserId.of("U0ALICE"), proposed.slot())).isEqualTo(slot);
        assertThat(countered.rejected()).isEqualTo(1);
        assertThat(RoomSeals.openSlot(room, CoordinationId.of(ROOM), UserId.of("U0BOB"), countered.alternative()))
                .isEqualTo(slot);
    }

    /** A proposal is named by its number: one named by its slot is refused here, and nothing is sent. */
    @Test
    void aProposalNamedByItsSlotExitsTwoSaysWhereItsNumberIsAndSendsNothing() {
        assertThat(run("send", "--type", "AcceptSlot", "--actor", "U0ALICE",
                "--payload", "{\"coordinationId\":\"" + ROOM + "\",\"proposal\":" + SLOT + "}")).isEqualTo(EnclaveCtl.USAGE);
        assertThat(run("send", "--type", "AcknowledgeWindows", "--actor", "U0ALICE",
                "--payload", "{\"coordinationId\":\"" + ROOM + "\",\"proposal\":" + SLOT + "}")).isEqualTo(EnclaveCtl.USAGE);

        assertThat(err.toString()).contains("AcceptSlot's \"proposal\" names a proposal by its number, e.g. \"proposal\":2",
                "AcknowledgeWindows's \"proposal\"", "GET /internal/rooms/{room}/proposals").doesNotContain(SLOT_TIMES);
        assertThat(recordsOn(topics.coordinationCommands())).isZero();
    }

    /** A proposal named by its number is sent as it is. */
    @Test
    void aProposalNamedByItsNumberIsSentAsItIs() {
        answer = envelope -> CommandResult.accepted(envelope.commandId(), ROOM, Instant.now());

        assertThat(run("send", "--type", "AcceptSlot", "--actor", "U0ALICE",
                "--payload", "{\"coordinationId\":\"" + ROOM + "\",\"proposal\":2}")).isEqualTo(EnclaveCtl.ACCEPTED);

        assertThat(received.get(0).payload().toString()).isEqualTo("{\"coordinationId\":\"" + ROOM + "\",\"proposal\":2}");
    }

    /** Read from the broker, not from the responder, so "nothing was sent" needs no waiting. */
    private long recordsOnTheCommandsTopic() {
        return recordsOn(topics.commands());
    }

    private long recordsOn(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private void respond() {
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "responder");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            consumer.subscribe(List.of(topics.commands(), topics.coordinationCommands()));
            while (responding) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    CommandEnvelope envelope = json.readValue(record.value(), CommandEnvelope.class);
                    receivedRecords.add(record);
                    received.add(envelope);
                    CommandResult result = answer.apply(envelope);
                    if (result != null) {
                        producer.send(new ProducerRecord<>(topics.commandResults(), envelope.commandId().toString(),
                                json.writeValueAsString(result))).get();
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
