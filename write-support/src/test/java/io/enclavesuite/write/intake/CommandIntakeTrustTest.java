package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.DeprovisionCode;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.trust.Principal;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.CommandMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake plays the attacker's counterpart: for every public command type, a record that is unsigned, signed
 * with a key no principal holds, signed by a principal acting for someone it may not, stale, from the future, or
 * reusing a command id with other content is refused with the reason, dead-lettered, and changes nothing — no
 * command reaches the bus, no row is remembered. Runs on the real tables and broker.
 */
class CommandIntakeTrustTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final PrincipalSigner GATEWAY = IntakeOnRealStores.signer("slack-gateway");
    private static final PrincipalSigner REPORTER = IntakeOnRealStores.signer("report-service");
    private static final PrincipalSigner MALLORY = IntakeOnRealStores.signer("slack-gateway"); // her own key, their name
    private static final PrincipalSigner OPERATOR = IntakeOnRealStores.signer("enclavectl");
    private static final PrincipalRegistry REGISTRY = PrincipalRegistry.of(List.of(
            speaksForSlack(IntakeOnRealStores.principal(GATEWAY, Set.of("*"), "slack-users", Set.of())),
            // an operator tool: for itself and the operator on call, who may break glass with a stated reason
            IntakeOnRealStores.principal(OPERATOR, Set.of("*"), "self", Set.of("U0OPS")).asOperator(),
            // an internal service: itself only, and one named person, and only RunTentacle
            IntakeOnRealStores.principal(REPORTER, Set.of("RunTentacle"), "self", Set.of("U0CAROL"))), Set.of());

    // One database and set of topics for the class (a fresh one per test would cost seconds each): every test
    // drains what it caused and counts only its own command ids.
    private static final List<CommandMessage<?>> handled = new CopyOnWriteArrayList<>();
    private static IntakeOnRealStores stores;
    private static long offset;

    @BeforeAll
    static void stores() throws Exception {
        stores = new IntakeOnRealStores();
        for (String type : CommandCatalog.allNames()) {
            stores.bus.subscribe(CommandCatalog.anyCommandType(type).orElseThrow().getName(), message -> {
                handled.add(message);
                // what the Enclave aggregate answers a deprovision request: a code for the requester alone
                return message.getPayload() instanceof RequestDeprovision ? new DeprovisionCode(SECRET_CODE, NOW) : null;
            });
        }
    }

    private static final String SECRET_CODE = "7K3M-Q9XT";

    @BeforeEach
    void nothingLeftFromTheLastTest() {
        handled.clear();
        stores.answersNow();
        stores.deadLettersNow();
    }

    @AfterAll
    static void close() {
        stores.close();
    }

    private static long processedRows(UUID commandId) {
        return stores.jdbc.queryForObject("select count(*) from processed_command where command_id = ?", Long.class,
                commandId);
    }

    static Stream<String> everyCommandType() {
        return CommandCatalog.allNames().stream();
    }

    /** A forged or misused record, and the words its refusal must give. */
    private record Forgery(String what, ConsumerRecord<String, String> record, UUID commandId, String reason) {
    }

    /** What an attacker tries with a command of {@code type}; each one a record the intake must refuse. */
    private List<Forgery> forgeries(String type) throws Exception {
        String topic = topicOf(type);
        List<Forgery> forgeries = new java.util.ArrayList<>();

        CommandEnvelope unsigned = envelope(type, "U0ALICE", NOW);
        forgeries.add(new Forgery("unsigned", IntakeOnRealStores.record(topic, offset++, "growth",
                IntakeOnRealStores.JSON.writeValueAsString(unsigned), null, NOW), unsigned.commandId(),
                "unsigned envelope"));

        CommandEnvelope wrongKey = envelope(type, "U0ALICE", NOW);
        forgeries.add(new Forgery("signed with a key no principal holds", IntakeOnRealStores.signed(topic, offset++,
                "growth", wrongKey, MALLORY), wrongKey.commandId(), "is not a key of principal slack-gateway"));

        CommandEnvelope changed = envelope(type, "U0ALICE", NOW);
        String value = IntakeOnRealStores.JSON.writeValueAsString(changed);
        forgeries.add(new Forgery("bytes changed after signing", IntakeOnRealStores.record(topic, offset++, "growth",
                value.replace("U0ALICE", "U0ALICF"), GATEWAY.sign(value.getBytes(StandardCharsets.UTF_8)), NOW),
                changed.commandId(), "does not match"));

        // the internal service may act for itself and Carol, and send RunTentacle only
        CommandEnvelope notFor = envelope(type, "U0ALICE", NOW);
        forgeries.add(new Forgery("a service acting for someone it may not", IntakeOnRealStores.signed(topic,
                offset++, "growth", notFor, REPORTER), notFor.commandId(), type.equals("RunTentacle")
                ? "principal report-service may not act for 'U0ALICE'"
                : "principal report-service may not send " + type));

        CommandEnvelope service = envelope(type, "report-service", NOW);
        forgeries.add(new Forgery("the gateway naming a service as the actor", IntakeOnRealStores.signed(topic,
                offset++, "growth", service, GATEWAY), service.commandId(),
                "principal slack-gateway may not act for 'report-service'"));

        CommandEnvelope stale = envelope(type, "U0ALICE", NOW.minus(Duration.ofMinutes(5)).minusSeconds(1));
        forgeries.add(new Forgery("stale", appendedAt(IntakeOnRealStores.signed(topic, offset++, "growth", stale,
                GATEWAY), NOW), stale.commandId(), "stale envelope"));

        CommandEnvelope future = envelope(type, "U0ALICE", NOW.plusSeconds(31));
        forgeries.add(new Forgery("from the future", appendedAt(IntakeOnRealStores.signed(topic, offset++, "growth",
                future, GATEWAY), NOW), future.commandId(), "envelope from the future"));
        return forgeries;
    }

    /**
     * Each forgery: its reason to the sender, the record on the dead-letter topic, nothing handled and nothing
     * remembered (the id stays free for its real owner).
     */
    @ParameterizedTest
    @MethodSource("everyCommandType")
    void everyForgeryIsRefusedWithItsReasonAndChangesNothing(String type) throws Exception {
        List<Forgery> forgeries = forgeries(type);

        intakeFor(type).onRecords(forgeries.stream().map(Forgery::record).toList(), null);

        List<CommandResult> answers = stores.answersNow();
        List<DeadLetter> deadLetters = stores.deadLettersNow();
        assertThat(answers).hasSameSizeAs(forgeries);
        assertThat(deadLetters).hasSameSizeAs(forgeries);
        for (int i = 0; i < forgeries.size(); i++) {
            Forgery forgery = forgeries.get(i);
            assertThat(answers.get(i)).as(forgery.what()).satisfies(answer -> {
                assertThat(answer.commandId()).isEqualTo(forgery.commandId());
                assertThat(answer.status()).isEqualTo(CommandResult.Status.REJECTED);
                assertThat(answer.reason()).contains(forgery.reason());
            });
            assertThat(deadLetters.get(i).reason()).as(forgery.what()).contains(forgery.reason());
            assertThat(processedRows(forgery.commandId())).as(forgery.what()).isZero();
        }
        assertThat(handled).isEmpty();
    }

    /**
     * Dead letters outlive rooms: an unsigned room command carrying windows or a slot in clear is dead-lettered with
     * everything but the times, and an unreadable record on the room topic is left out whole; sealed windows and
     * slots, and proposals named by their numbers, stay.
     */
    @Test
    void aDeadLetterKeepsNoWindowOrSlotTimeInClear() throws Exception {
        String topic = topicOf("SubmitWindows");
        String room = "room-00000000-0000-0000-0000-0000000000aa";
        ObjectNode clear = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room);
        clear.putArray("windows").addObject().put("start", "2026-12-01T09:17:00Z").put("end", "2026-12-01T11:43:00Z");
        ObjectNode sealed = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room).put("windows", "c2VhbGVk");
        // as the commands are now: a slot sealed to the room (ciphertext), a proposal named by its number
        ObjectNode proposed = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room)
                .put("slot", "c2VhbGVkIHNsb3Q");
        ObjectNode countered = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room)
                .put("rejected", 1).put("alternative", "YW5vdGhlciBzbG90");
        ObjectNode accepted = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room).put("proposal", 2);
        // as they were, or as a person might still write them: slots in clear, a time where a number or a seal belongs
        ObjectNode proposedInClear = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room);
        proposedInClear.putObject("slot").put("start", "2026-12-01T10:00:00Z").put("end", "2026-12-01T11:00:00Z");
        ObjectNode counteredInClear = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room);
        counteredInClear.putObject("rejected").put("start", "2026-12-01T10:00:00Z").put("end", "2026-12-01T11:00:00Z");
        counteredInClear.putObject("alternative").put("start", "2026-12-01T12:00:00Z").put("end", "2026-12-01T13:00:00Z");
        ObjectNode acceptedInClear = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room);
        acceptedInClear.putObject("slot").put("start", "2026-12-01T10:00:00Z").put("end", "2026-12-01T11:00:00Z");
        ObjectNode timesAsText = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room)
                .put("rejected", "2026-12-01T10:00:00Z").put("alternative", "2026-12-01T12:00:00Z/2026-12-01T13:00:00Z");
        ObjectNode acceptedByTime = IntakeOnRealStores.JSON.createObjectNode().put("coordinationId", room)
                .put("proposal", "2026-12-01 10:00");
        List<ConsumerRecord<String, String>> records = List.of(
                unsigned(topic, "SubmitWindows", clear),
                unsigned(topic, "SubmitWindows", sealed),
                unsigned(topic, "ProposeSlot", proposed),
                unsigned(topic, "CounterSlot", countered),
                unsigned(topic, "AcceptSlot", accepted),
                unsigned(topic, "ProposeSlot", proposedInClear),
                unsigned(topic, "CounterSlot", counteredInClear),
                unsigned(topic, "AcceptSlot", acceptedInClear),
                unsigned(topic, "CounterSlot", timesAsText),
                unsigned(topic, "AcknowledgeWindows", acceptedByTime),
                IntakeOnRealStores.record(topic, offset++, "room", "not json: 2026-12-01T09:17:00Z", null, NOW));

        intakeFor("SubmitWindows").onRecords(records, null);

        List<DeadLetter> deadLetters = stores.deadLettersNow();
        assertThat(deadLetters).hasSize(records.size())
                .allSatisfy(letter -> assertThat(letter.value()).doesNotContain("2026-12-01"));
        assertThat(deadLetters.get(0).value()).contains(DeadLetterRedaction.LEFT_OUT, "\"actor\":\"U0ALICE\"");
        for (int sealedOrNumbered = 1; sealedOrNumbered <= 4; sealedOrNumbered++) { // ciphertext and numbers, byte for byte
            assertThat(deadLetters.get(sealedOrNumbered).value()).isEqualTo(records.get(sealedOrNumbered).value());
        }
        for (int inClear = 5; inClear <= 9; inClear++) {
            assertThat(deadLetters.get(inClear).value()).as(records.get(inClear).value())
                    .contains(DeadLetterRedaction.LEFT_OUT, "\"coordinationId\":\"" + room + "\"");
        }
        assertThat(deadLetters.get(6).value()).doesNotContain("\"start\"", "\"end\"");
        assertThat(deadLetters.get(10).value()).startsWith("[left out: an unreadable record");
        assertThat(stores.answersNow()).allSatisfy(answer -> assertThat(answer.reason()).doesNotContain("2026-12-01"));
    }

    /** A room command as an unsigned record: dead-lettered as it is read. */
    private static ConsumerRecord<String, String> unsigned(String topic, String type, ObjectNode payload)
            throws Exception {
        return IntakeOnRealStores.record(topic, offset++, "room", IntakeOnRealStores.JSON.writeValueAsString(
                new CommandEnvelope(UUID.randomUUID(), type, payload, "U0ALICE", null, NOW)), null, NOW);
    }

    @ParameterizedTest
    @MethodSource("everyCommandType")
    void aReplayedRecordIsOneCommandAndAReusedIdWithOtherContentIsRefused(String type) throws Exception {
        CommandEnvelope envelope = envelope(type, "U0ALICE", NOW);
        ConsumerRecord<String, String> sent = IntakeOnRealStores.signed(topicOf(type), offset++, "growth", envelope,
                GATEWAY);
        intakeFor(type).onRecords(List.of(sent), null);
        CommandResult first = stores.answersNow().get(0);
        int handledOnce = handled.size();

        // the same record again, and a re-signed retry of the same content: answered with the first result
        intakeFor(type).onRecords(List.of(appendedAt(sent, NOW.plusSeconds(60)),
                IntakeOnRealStores.signed(topicOf(type), offset++, "growth", new CommandEnvelope(envelope.commandId(),
                        type, envelope.payload(), "U0ALICE", "C0GROWTH", NOW.plusSeconds(1)), GATEWAY)), null);
        assertThat(stores.answersNow()).containsExactly(first, first);
        assertThat(handled).hasSize(handledOnce);

        // the same id asking something else
        ObjectNode other = ((ObjectNode) envelope.payload().deepCopy()).put("enclaveId", "other");
        ConsumerRecord<String, String> reused = IntakeOnRealStores.signed(topicOf(type), offset++, "other",
                new CommandEnvelope(envelope.commandId(), type, other, "U0ALICE", "C0GROWTH", NOW), GATEWAY);
        intakeFor(type).onRecords(List.of(reused), null);
        assertThat(stores.answersNow()).singleElement().satisfies(answer -> {
            assertThat(answer.status()).isEqualTo(CommandResult.Status.REJECTED);
            assertThat(answer.reason()).contains("was already used by slack-gateway for another command");
        });
        assertThat(handled).hasSize(handledOnce);
        assertThat(processedRows(envelope.commandId())).isOne();
    }

    @Test
    void anAcceptedCommandCarriesItsPrincipalAndActorAndTheVerifiedVia() throws Exception {
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID(), "RegisterMember",
                IntakeOnRealStores.JSON.readTree("{\"enclaveId\":\"growth\",\"member\":\"U0BOB\"}"), "U0ALICE",
                "C0GROWTH", NOW);

        intakeFor("RegisterMember").onRecords(List.of(
                IntakeOnRealStores.signed(topicOf("RegisterMember"), offset++, "growth", envelope, GATEWAY)), null);

        assertThat(stores.answersNow()).singleElement().extracting(CommandResult::status)
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(handled).singleElement().satisfies(command -> {
            assertThat(command.getPayload()).isInstanceOf(RegisterMember.class);
            assertThat(command.getMetaData()).containsEntry(MetadataKeys.ACTOR, "U0ALICE")
                    .containsEntry(MetadataKeys.PRINCIPAL, "slack-gateway")
                    .containsEntry(MetadataKeys.VIA, "kafka:slack-gateway");
        });
    }

    /** The code reaches its requester only: sealed on the results topic and in the processed row, refused without a key. */
    @Test
    void anAnswerInConfidenceIsSealedToTheRequestersReplyKeyAndRestsOnlySealed() throws Exception {
        SealedAnswers.ReplyKey alices = SealedAnswers.ReplyKey.generate();
        CommandEnvelope request = new CommandEnvelope(UUID.randomUUID(), "RequestDeprovision",
                IntakeOnRealStores.JSON.readTree("{\"enclaveId\":\"growth\"}"), "U0ALICE", "C0GROWTH", NOW,
                alices.publicKey());
        CommandEnvelope keyless = new CommandEnvelope(UUID.randomUUID(), "RequestDeprovision",
                IntakeOnRealStores.JSON.readTree("{\"enclaveId\":\"growth\"}"), "U0ALICE", "C0GROWTH", NOW);

        intakeFor("RequestDeprovision").onRecords(List.of(
                IntakeOnRealStores.signed(topicOf("RequestDeprovision"), offset++, "growth", request, GATEWAY),
                IntakeOnRealStores.signed(topicOf("RequestDeprovision"), offset++, "growth", keyless, GATEWAY)), null);

        List<CommandResult> answers = stores.answersNow();
        assertThat(answers.get(0).accepted()).isTrue();
        assertThat(answers.get(0).details()).isEmpty();
        assertThat(new String(alices.open(answers.get(0).sealedDetails(), request.commandId()), StandardCharsets.UTF_8))
                .contains(SECRET_CODE);
        assertThat(IntakeOnRealStores.JSON.writeValueAsString(answers.get(0))).doesNotContain(SECRET_CODE);
        assertThat(stores.jdbc.queryForObject("select coalesce(details::text, '') || sealed_details from processed_command"
                + " where command_id = ?", String.class, request.commandId())).doesNotContain(SECRET_CODE);
        assertThat(answers.get(1).status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(answers.get(1).reason()).contains("RequestDeprovision answers in confidence: its envelope needs a replyKey");
        assertThat(handled).hasSize(1);
    }

    @Test
    void twoPrincipalsMayUseTheSameCommandIdWithoutSeeingEachOthersResult() throws Exception {
        UUID shared = UUID.randomUUID();
        CommandEnvelope carol = new CommandEnvelope(shared, "RunTentacle",
                IntakeOnRealStores.JSON.readTree("{\"enclaveId\":\"growth\",\"tentacle\":\"report\"}"), "U0CAROL",
                null, NOW);
        CommandEnvelope alice = new CommandEnvelope(shared, "RunTentacle",
                IntakeOnRealStores.JSON.readTree("{\"enclaveId\":\"growth\",\"tentacle\":\"report\"}"), "U0ALICE",
                "C0GROWTH", NOW);

        intakeFor("RunTentacle").onRecords(List.of(
                IntakeOnRealStores.signed(topicOf("RunTentacle"), offset++, "growth", carol, REPORTER),
                IntakeOnRealStores.signed(topicOf("RunTentacle"), offset++, "growth", alice, GATEWAY)), null);

        assertThat(handled).extracting(c -> c.getMetaData().get(MetadataKeys.ACTOR)).containsExactly("U0CAROL", "U0ALICE");
    }

    @Test
    void aNewlineInAnActorDoesNotReachTheReasonUnescaped() throws Exception {
        CommandEnvelope envelope = envelope("FreezeEnclave", "U0ALICE\n2026-12-06 INFO forged line", NOW);

        intakeFor("FreezeEnclave").onRecords(List.of(IntakeOnRealStores.signed(topicOf("FreezeEnclave"), offset++,
                "growth", envelope, GATEWAY)), null);

        assertThat(stores.answersNow()).singleElement().extracting(CommandResult::reason).asString()
                .doesNotContain("\n").contains("\\u000a");
    }

    /** An operator's reason reaches the command as metadata, and is part of what the command id stands for. */
    @Test
    void anOperatorsStatedReasonReachesTheCommandAndIsPartOfItsContent() throws Exception {
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID(), "FreezeEnclave",
                IntakeOnRealStores.JSON.readTree("{\"enclaveId\":\"growth\",\"reason\":\"owner-request\"}"), "U0OPS",
                null, NOW).withOperatorReason("INC-42: owner away");

        intakeFor("FreezeEnclave").onRecords(List.of(IntakeOnRealStores.signed(topicOf("FreezeEnclave"), offset++,
                "growth", envelope, OPERATOR)), null);
        assertThat(stores.answersNow()).singleElement().extracting(CommandResult::status)
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(handled).singleElement().satisfies(command -> assertThat(command.getMetaData())
                .containsEntry(MetadataKeys.OPERATOR_REASON, "INC-42: owner away")
                .containsEntry(MetadataKeys.ACTOR, "U0OPS")
                .containsEntry(MetadataKeys.PRINCIPAL, "enclavectl"));

        // the same id with the reason changed is another command
        intakeFor("FreezeEnclave").onRecords(List.of(IntakeOnRealStores.signed(topicOf("FreezeEnclave"), offset++,
                "growth", envelope.withOperatorReason("something else"), OPERATOR)), null);
        assertThat(stores.answersNow()).singleElement().extracting(CommandResult::reason).asString()
                .contains("was already used by enclavectl for another command");
        assertThat(handled).hasSize(1);
    }

    /**
     * What happened to a Slack channel is Slack's to say: archived, unarchived, renamed are refused from any principal
     * but the one that speaks for Slack — here the operator tool, which may send every command and act for the person
     * on call, yet cannot lift an archived channel's freeze or rename an enclave. An owner's own freeze is no channel
     * fact: the same principal may ask for it.
     */
    @Test
    void channelFactsFromAnyPrincipalButTheOneThatSpeaksForSlackAreRefused() throws Exception {
        String archived = "{\"enclaveId\":\"growth\",\"reason\":\"channel-archived\"}";
        for (String[] fact : List.of(new String[]{"FreezeEnclave", archived}, new String[]{"UnfreezeEnclave", archived},
                new String[]{"RenameChannel", "{\"enclaveId\":\"growth\",\"channelName\":\"renamed\"}"})) {
            intakeFor(fact[0]).onRecords(List.of(IntakeOnRealStores.signed(topicOf(fact[0]), offset++, "growth",
                    envelope(fact[0], fact[1], "U0OPS"), OPERATOR)), null);
            assertThat(stores.answersNow()).as(fact[0]).singleElement().satisfies(answer -> {
                assertThat(answer.status()).isEqualTo(CommandResult.Status.REJECTED);
                assertThat(answer.reason()).isEqualTo("principal enclavectl may not state what happened to a Slack"
                        + " channel (" + fact[0] + "): only the principal that speaks for Slack does"
                        + " (enclave.principals.registry.<id>.channel-facts)");
            });
        }
        assertThat(handled).isEmpty();

        intakeFor("FreezeEnclave").onRecords(List.of(
                IntakeOnRealStores.signed(topicOf("FreezeEnclave"), offset++, "growth",
                        envelope("FreezeEnclave", archived, "U0ALICE"), GATEWAY),
                IntakeOnRealStores.signed(topicOf("FreezeEnclave"), offset++, "growth",
                        envelope("FreezeEnclave", "{\"enclaveId\":\"growth\",\"reason\":\"owner-request\"}", "U0OPS"),
                        OPERATOR)), null);
        assertThat(stores.answersNow()).extracting(CommandResult::status)
                .containsExactly(CommandResult.Status.ACCEPTED, CommandResult.Status.ACCEPTED);
        assertThat(handled).extracting(c -> c.getMetaData().get(MetadataKeys.PRINCIPAL))
                .containsExactly("slack-gateway", "enclavectl");
    }

    private static CommandEnvelope envelope(String type, String payload, String actor) throws Exception {
        return new CommandEnvelope(UUID.randomUUID(), type, IntakeOnRealStores.JSON.readTree(payload), actor, null, NOW);
    }

    private static Principal speaksForSlack(Principal principal) {
        return new Principal(principal.id(), principal.commands(), principal.actsFor(), principal.keys(),
                principal.operator(), true);
    }

    /** Break-glass is an operator's, as a person, and only on team enclaves: every other use is refused, unheard. */
    @Test
    void aReasonFromAnythingButAnOperatorActingAsAPersonOnAnEnclaveIsRefused() throws Exception {
        List<Forgery> misuses = List.of(
                misuse("FreezeEnclave", "U0ALICE", GATEWAY, "principal slack-gateway is not an operator"),
                misuse("FreezeEnclave", "enclavectl", OPERATOR, "the actor must be the operator's own Slack user id"),
                misuse("SubmitWindows", "U0OPS", OPERATOR, "SubmitWindows takes no operator override"));

        for (Forgery misuse : misuses) {
            intakeFor(misuse.record().topic().contains("coordination") ? "SubmitWindows" : "FreezeEnclave")
                    .onRecords(List.of(misuse.record()), null);
            assertThat(stores.answersNow()).as(misuse.what()).singleElement().satisfies(answer -> {
                assertThat(answer.status()).isEqualTo(CommandResult.Status.REJECTED);
                assertThat(answer.reason()).contains(misuse.reason());
            });
            assertThat(stores.deadLettersNow()).as(misuse.what()).singleElement()
                    .satisfies(dead -> assertThat(dead.reason()).contains(misuse.reason()));
            assertThat(processedRows(misuse.commandId())).as(misuse.what()).isZero();
        }
        assertThat(handled).isEmpty();
    }

    private Forgery misuse(String type, String actor, PrincipalSigner signer, String reason) throws Exception {
        CommandEnvelope envelope = envelope(type, actor, NOW).withOperatorReason("because");
        return new Forgery(type + " by " + signer.principal() + " as " + actor, IntakeOnRealStores.signed(
                topicOf(type), offset++, "growth", envelope, signer), envelope.commandId(), reason);
    }

    private CommandIntake intakeFor(String type) {
        CommandCatalog catalog = CommandCatalog.owning(type).orElseThrow();
        return stores.intake(new AnyCommand(catalog), () -> REGISTRY, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private String topicOf(String type) {
        return CommandCatalog.owning(type).orElseThrow().topic(stores.topics);
    }

    private static CommandEnvelope envelope(String type, String actor, Instant issuedAt) {
        ObjectNode payload = IntakeOnRealStores.JSON.createObjectNode().put("enclaveId", "growth");
        return new CommandEnvelope(UUID.randomUUID(), type, payload, actor, "C0GROWTH", issuedAt);
    }

    private static ConsumerRecord<String, String> appendedAt(ConsumerRecord<String, String> record, Instant at) {
        return IntakeOnRealStores.record(record.topic(), record.offset() + 1000, record.key(), record.value(),
                new String(record.headers().lastHeader(io.enclavesuite.trust.EnvelopeSignature.HEADER).value(),
                        StandardCharsets.US_ASCII), at);
    }

    /** Every command of a catalog, none refused by the service's own rules. */
    private record AnyCommand(CommandCatalog catalog) implements IntakeRules {
        @Override
        public String notFound(Object command, String target) {
            return "no " + target;
        }

        /** As enclave-command's rules: team enclaves weigh an operator's reason, rooms do not. */
        @Override
        public boolean takesOperatorOverrides() {
            return catalog == CommandCatalog.TEAM;
        }
    }

}
