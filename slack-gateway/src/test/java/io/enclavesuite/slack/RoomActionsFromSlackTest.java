package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.enclavesuite.testsupport.SlackRequests.FORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The room actions beyond opening one, as Slack sends them to the running gateway (signed requests, a stand-in for
 * Slack's Web API and for coordination-service's proposals, real embedded Kafka and PostgreSQL): proposing a time
 * (modal or slash command), acknowledging a proposal, withdrawing after a confirmation, deferring an approval, and the
 * person's own agent policy. Each puts one envelope on Kafka as the person who acted, a time only sealed to the room's
 * key; bad input puts none.
 */
class RoomActionsFromSlackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> PEOPLE = List.of("U0ANNA", "U0BEN", "U0CLEO");
    private static SlackStandIn slack;
    private static CoordinationStandIn coordination;
    private static ConfigurableApplicationContext gateway;
    private static SlackRequests requests;
    private static KafkaSide kafka;
    private static TopicNames topics;

    @BeforeAll
    static void start() throws Exception {
        slack = SlackStandIn.start();
        coordination = CoordinationStandIn.start(ApiTokens.service("slack-gateway"));
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        topics = new TopicNames(prefix);
        List<String> args = GatewayArguments.of(slack, prefix);
        args.add("--enclave.slack.coordination-url=" + coordination.url());
        gateway = SlackGatewayApplication.application().run(args.toArray(String[]::new));
        int port = ((org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext) gateway)
                .getWebServer().getPort();
        requests = new SlackRequests(port);
        kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), topics);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (coordination != null) {
            coordination.close();
        }
    }

    /**
     * The room-open notice carries "Propose a time…" beside "Share availability"; its modal's time is sealed to the
     * room's key as the proposer's before it leaves the gateway, and a bad one is shown on its field, sending nothing.
     */
    @Test
    void theOpenNoticesProposeButtonOpensAModalWhoseTimeBecomesASealedProposeSlot() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "propose sync");
        kafka.event(topics.coordinationEvents(), room.value(), 1, new CoordinationOpened(room, Instant.now(),
                new RoomPublicKey(roomKey.publicKey())));
        await().atMost(PATIENCE).until(() -> !dms("U0BEN", "propose sync", "is open").isEmpty());
        assertThat(buttons(dms("U0BEN", "propose sync", "is open").get(0)))
                .extracting(b -> b.path("action_id").asText() + " " + b.path("value").asText())
                .containsExactly("share_windows " + room, "propose_slot_open " + room);

        requests.signed(SlackRequests.blockAction("propose_slot_open", room.value(), "U0BEN", "D0BEN",
                slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> !modals("propose_slot", room.value()).isEmpty());
        JsonNode modal = modals("propose_slot", room.value()).get(0);
        assertThat(modal.toString()).contains("propose sync").contains("datetimepicker");

        // an end before its start: shown next to the field, nothing sent
        TimeWindow slot = new TimeWindow(Instant.parse("2026-12-02T13:00:00Z"), Instant.parse("2026-12-02T13:30:00Z"));
        HttpResponse<String> invalid = requests.signed(SlackRequests.viewSubmission("propose_slot", room.value(), "U0BEN",
                pickedTime(slot.end().getEpochSecond(), slot.start().getEpochSecond())), FORM);
        JsonNode errors = EnclaveJson.mapper().readTree(invalid.body());
        assertThat(errors.path("response_action").asText()).isEqualTo("errors");
        assertThat(errors.path("errors").path("window_1_end").asText()).isEqualTo("It ends after it starts.");
        // a form naming no room: shown on the form too
        HttpResponse<String> roomless = requests.signed(SlackRequests.viewSubmission("propose_slot", "not-a-room", "U0BEN",
                pickedTime(slot.start().getEpochSecond(), slot.end().getEpochSecond())), FORM);
        assertThat(EnclaveJson.mapper().readTree(roomless.body()).path("errors").path("window_1_start").asText())
                .isEqualTo("This form belongs to no room.");

        HttpResponse<String> valid = requests.signed(SlackRequests.viewSubmission("propose_slot", room.value(), "U0BEN",
                pickedTime(slot.start().getEpochSecond(), slot.end().getEpochSecond())), FORM);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).doesNotContain("errors");
        await().atMost(PATIENCE).until(() -> !forRoom(room, "ProposeSlot").isEmpty());
        assertThat(forRoom(room, "ProposeSlot")).hasSize(1);
        JsonNode propose = forRoom(room, "ProposeSlot").get(0);
        assertThat(propose.path("actor").asText()).isEqualTo("U0BEN");
        assertNoTimeIn(propose, slot);
        assertThat(RoomSeals.openSlot(roomKey, room, UserId.of("U0BEN"),
                new SealedSlot(propose.path("payload").path("slot").asText()))).isEqualTo(slot);
        assertThat(forRoom(room)).hasSize(1);

        // the result has no response_url to go to: it comes as a direct message
        kafka.result(CommandResult.accepted(UUID.fromString(propose.path("commandId").asText()), room.value(), Instant.now()));
        await().atMost(PATIENCE).until(() -> posted("U0BEN").stream()
                .anyMatch(c -> c.param("text").contains("your time is proposed, sealed")));
    }

    @Test
    void slashProposeSealsTheTypedTimeToTheRoomAndARefusalComesBackWithItsReason() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "typed sync");
        Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        String responseUrl = slack.newResponseUrl();

        HttpResponse<String> ack = meet("propose `" + room + "` " + start.toString().substring(0, 16) + " 45m",
                "U0CLEO", responseUrl);
        assertThat(text(ack)).contains("Proposing your time for \"typed sync\"");
        await().atMost(PATIENCE).until(() -> !forRoom(room, "ProposeSlot").isEmpty());
        JsonNode propose = forRoom(room, "ProposeSlot").get(0);
        TimeWindow typed = new TimeWindow(start, start.plus(Duration.ofMinutes(45)));
        assertThat(propose.path("actor").asText()).isEqualTo("U0CLEO");
        assertNoTimeIn(propose, typed);
        assertThat(RoomSeals.openSlot(roomKey, room, UserId.of("U0CLEO"),
                new SealedSlot(propose.path("payload").path("slot").asText()))).isEqualTo(typed);

        // coordination-service refuses (not everyone has shared yet): the person reads why, ephemerally
        kafka.result(CommandResult.rejected(UUID.fromString(propose.path("commandId").asText()), room.value(),
                "not everyone has submitted windows in room " + room + " yet", Instant.now()));
        await().atMost(PATIENCE).until(() -> slack.responses(responseUrl).stream()
                .anyMatch(c -> c.body().contains("not everyone has submitted windows")));
    }

    @Test
    void slashProposeMistakesAndUnknownRoomsSendNothing() throws Exception {
        CoordinationId unknown = CoordinationId.random();
        String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString().substring(0, 16);

        assertThat(text(meet("propose " + unknown + " " + tomorrow + " 30m", "U0ANNA", slack.newResponseUrl())))
                .contains("I know no key for room `" + unknown + "`").contains("nothing was sent");
        assertThat(text(meet("propose " + unknown + " soon 30m", "U0ANNA", slack.newResponseUrl())))
                .contains("'soon' is not a start I can read").contains("/meet propose <room> <start> <length>");
        assertThat(text(meet("propose " + unknown + " 2020-01-01T09:00 30m", "U0ANNA", slack.newResponseUrl())))
                .contains("that start has passed");
        assertThat(text(meet("withdraw room-9", "U0ANNA", slack.newResponseUrl()))).contains("'room-9' is not a room id");
        // A click on the room's own key (same partition) lands after anything the mistakes could have published:
        // it must be the only envelope naming the room.
        requests.signed(SlackRequests.blockAction("withdraw_room", unknown.value(), "U0ANNA", "D0ANNA",
                slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> !forRoom(unknown).isEmpty());
        assertThat(kafka.envelopes()).filteredOn(e -> e.toString().contains(unknown.value()))
                .singleElement().satisfies(e -> assertThat(e.path("type").asText()).isEqualTo("Withdraw"));
    }

    @Test
    void eachProposalCarriesAnAcknowledgeButtonThatBecomesAcknowledgeWindowsByNumber() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "acknowledged sync");
        TimeWindow first = new TimeWindow(Instant.parse("2026-12-02T09:00:00Z"), Instant.parse("2026-12-02T09:30:00Z"),
                Confidence.HIGH);
        coordination.answer(room, 200, proposals(room, Map.of(1, first)));
        kafka.event(topics.coordinationEvents(), room.value(), 2, new SlotsProposed(room,
                List.of(new Proposal(1, RoomSeals.sealProposal(roomKey.publicKey(), room, 1, first))), Instant.now()));

        await().atMost(PATIENCE).until(() -> PEOPLE.stream().allMatch(p -> !dms(p, "acknowledged sync", "the best times").isEmpty()));
        assertThat(buttons(dms("U0CLEO", "acknowledged sync", "the best times").get(0)))
                .extracting(b -> b.path("action_id").asText() + " " + b.path("value").asText())
                .containsExactly("accept_slot " + room + " 1", "acknowledge_windows " + room + " 1",
                        "counter_slot_open " + room + " 1");

        requests.signed(SlackRequests.blockAction("acknowledge_windows", room + " 1", "U0CLEO", "D0CLEO",
                slack.newResponseUrl()), FORM);
        // a button value naming no proposal: refused to the person, nothing sent
        String badUrl = slack.newResponseUrl();
        requests.signed(SlackRequests.blockAction("acknowledge_windows", room.value(), "U0CLEO", "D0CLEO", badUrl), FORM);

        await().atMost(PATIENCE).until(() -> !forRoom(room, "AcknowledgeWindows").isEmpty());
        await().atMost(PATIENCE).until(() -> slack.responses(badUrl).stream()
                .anyMatch(c -> c.body().contains("That button names no proposal")));
        JsonNode acknowledge = forRoom(room, "AcknowledgeWindows").get(0);
        assertThat(acknowledge.path("actor").asText()).isEqualTo("U0CLEO");
        assertThat(acknowledge.path("payload").path("proposal").asInt()).isEqualTo(1);
        assertNoTimeIn(acknowledge, first);
        assertThat(forRoom(room)).hasSize(1);
    }

    /** A counter reaches the others, and its maker is offered it too: the room resolves only once they accept it. */
    @Test
    void aCounterIsOfferedToTheOthersAndToItsMakerEachWithAnAccept() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "countered sync");
        TimeWindow other = new TimeWindow(Instant.parse("2026-12-02T13:00:00Z"), Instant.parse("2026-12-02T13:30:00Z"));
        coordination.answer(room, 200, proposals(room, Map.of(2, other)));
        kafka.event(topics.coordinationEvents(), room.value(), 1, new SlotCountered(room, UserId.of("U0BEN"), 1,
                new Proposal(2, RoomSeals.sealProposal(roomKey.publicKey(), room, 2, other)), Instant.now()));

        await().atMost(PATIENCE).until(() -> !dms("U0ANNA", "countered sync", "cannot make proposal 1").isEmpty()
                && !dms("U0CLEO", "countered sync", "cannot make proposal 1").isEmpty()
                && !dms("U0BEN", "countered sync", "the time you proposed").isEmpty());
        for (SlackStandIn.Call notice : List.of(dms("U0ANNA", "countered sync", "cannot make proposal 1").get(0),
                dms("U0CLEO", "countered sync", "cannot make proposal 1").get(0),
                dms("U0BEN", "countered sync", "the time you proposed").get(0))) {
            assertThat(buttons(notice)).extracting(b -> b.path("action_id").asText() + " " + b.path("value").asText())
                    .contains("accept_slot " + room + " 2");
        }
        assertThat(dms("U0BEN", "countered sync", "cannot make proposal")).isEmpty();
    }

    /**
     * {@code /meet withdraw} sends nothing: it answers with a Withdraw button behind Slack's confirmation dialog, and
     * the click sends {@code Withdraw} as the clicking person; the command service's refusal comes back with its reason.
     */
    @Test
    void withdrawAsksForConfirmationAndTheConfirmedClickSendsWithdraw() throws Exception {
        CoordinationId room = CoordinationId.random();
        openRoom(room, RoomSeals.generate(), "leaving sync");

        HttpResponse<String> ack = meet("withdraw " + room, "U0BEN", slack.newResponseUrl());
        JsonNode answer = EnclaveJson.mapper().readTree(ack.body());
        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.path("text").asText()).contains("Withdraw from \"leaving sync\"").contains("called off for everyone");
        JsonNode button = answer.path("blocks").get(1).path("elements").get(0);
        assertThat(button.path("action_id").asText()).isEqualTo("withdraw_room");
        assertThat(button.path("value").asText()).isEqualTo(room.value());
        assertThat(button.path("confirm").path("confirm").path("text").asText()).isEqualTo("Withdraw");
        assertThat(button.path("confirm").path("deny").path("text").asText()).isEqualTo("Keep it");

        // Slack shows the dialog; the person confirms, and only then does the button arrive
        String clickUrl = slack.newResponseUrl();
        requests.signed(SlackRequests.blockAction("withdraw_room", room.value(), "U0BEN", "D0BEN", clickUrl), FORM);
        await().atMost(PATIENCE).until(() -> !forRoom(room, "Withdraw").isEmpty());
        assertThat(forRoom(room)).hasSize(1);
        JsonNode withdraw = forRoom(room, "Withdraw").get(0);
        assertThat(withdraw.path("actor").asText()).isEqualTo("U0BEN");
        assertThat(withdraw.path("payload").path("reason").asText()).isEqualTo("withdrew in Slack");

        kafka.result(CommandResult.rejected(UUID.fromString(withdraw.path("commandId").asText()), room.value(),
                "U0BEN is not a participant of room " + room, Instant.now()));
        await().atMost(PATIENCE).until(() -> slack.responses(clickUrl).stream()
                .anyMatch(c -> c.body().contains("is not a participant of room " + room)));
    }

    @Test
    void theApprovalNoticesDeferButtonSendsDeferApprovalForTheClickingPerson() throws Exception {
        CoordinationId room = CoordinationId.random();
        openRoom(room, RoomSeals.generate(), "deferred sync");
        kafka.event(topics.coordinationEvents(), room.value(), 1, new ParticipationApprovalRequested(room,
                UserId.of("U0CLEO"), "no autonomy rule matched", Instant.now()));
        await().atMost(PATIENCE).until(() -> !dms("U0CLEO", "deferred sync", "needs your approval").isEmpty());
        assertThat(buttons(dms("U0CLEO", "deferred sync", "needs your approval").get(0)))
                .extracting(b -> b.path("action_id").asText() + " " + b.path("value").asText())
                .startsWith("approve_participation " + room, "decline_participation " + room, "defer_approval " + room);

        requests.signed(SlackRequests.blockAction("defer_approval", room.value(), "U0CLEO", "D0CLEO",
                slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> !forRoom(room, "DeferApproval").isEmpty());
        assertThat(forRoom(room)).singleElement().satisfies(defer -> {
            assertThat(defer.path("actor").asText()).isEqualTo("U0CLEO");
            assertThat(defer.path("payload").path("participant").asText()).isEqualTo("U0CLEO");
        });
    }

    /** Each {@code /meet policy} form is the caller's own policy command; a mistake is help, and sends nothing. */
    @Test
    void policyFormsBecomeTheCallersOwnPolicyCommandsAndMistakesSendNothing() throws Exception {
        String dana = "U0DANA";
        // shown from the read side, as Dana: none runs here, so she is told it could not be answered (the suite's
        // SlackEnclaveActionsFlowTest reads a real one)
        String shown = slack.newResponseUrl();
        meet("policy", dana, shown);
        await().atMost(PATIENCE).until(() -> !slack.responses(shown).isEmpty());
        assertThat(slack.responses(shown).get(0).body()).contains("could not answer just now");
        assertThat(text(meet("policy level sometimes", dana, slack.newResponseUrl())))
                .contains("'sometimes' is not a level").contains("/meet policy level <none|draft-only|auto-respond|full>");
        assertThat(text(meet("policy budget 9 weeks", dana, slack.newResponseUrl()))).contains("is not a weekly budget");
        assertThat(text(meet("policy trust everyone", dana, slack.newResponseUrl()))).contains("'everyone' is not a person");

        List<String> forms = List.of("policy level draft-only", "policy budget 3 meetings", "policy trust <@U0BEN|ben>",
                "policy untrust <@U0BEN|ben>", "policy rate 4", "policy rule add boss from <@U0ANNA|anna>",
                "policy rule remove boss");
        String lastUrl = null;
        for (String form : forms) {
            lastUrl = slack.newResponseUrl();
            assertThat(text(meet(form, dana, lastUrl))).contains("Changing your agent policy");
        }
        List<String> types = List.of("SetAutonomyLevel", "SetAutonomyBudget", "TrustIdentity", "UntrustIdentity",
                "SetInboundRateLimit", "AddAutonomyRule", "RemoveAutonomyRule");
        await().atMost(PATIENCE).until(() -> policyOf(dana).stream().map(e -> e.path("type").asText()).toList()
                .containsAll(types));
        // one each (several requests: the gateway promises no order among them), none from the mistakes before them
        assertThat(policyOf(dana)).extracting(e -> e.path("type").asText()).containsExactlyInAnyOrderElementsOf(types);
        assertThat(policyOf(dana)).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo(dana));
        assertThat(policy(dana, "SetAutonomyLevel").path("level").asText()).isEqualTo("draft-only");
        assertThat(policy(dana, "SetAutonomyBudget").path("budget").path("amount").asInt()).isEqualTo(3);
        assertThat(policy(dana, "SetAutonomyBudget").path("budget").path("unit").asText()).isEqualTo("meetings");
        assertThat(policy(dana, "TrustIdentity").path("identity").path("person").asText()).isEqualTo("U0BEN");
        assertThat(policy(dana, "UntrustIdentity").path("person").asText()).isEqualTo("U0BEN");
        assertThat(policy(dana, "SetInboundRateLimit").path("perHour").asInt()).isEqualTo(4);
        assertThat(policy(dana, "AddAutonomyRule").path("rule").path("people").get(0).asText()).isEqualTo("U0ANNA");
        assertThat(policy(dana, "RemoveAutonomyRule").path("ruleId").asText()).isEqualTo("boss");

        // accepted: the answer says what changed
        String answered = lastUrl;
        JsonNode removal = policyOf(dana).stream().filter(e -> e.path("type").asText().equals("RemoveAutonomyRule"))
                .findFirst().orElseThrow();
        kafka.result(CommandResult.accepted(UUID.fromString(removal.path("commandId").asText()), dana, Instant.now()));
        await().atMost(PATIENCE).until(() -> slack.responses(answered).stream()
                .anyMatch(c -> c.body().contains("rule boss removed")));
    }

    private static JsonNode policy(String owner, String type) {
        return policyOf(owner).stream().filter(e -> e.path("type").asText().equals(type)).findFirst().orElseThrow()
                .path("payload");
    }

    /** Envelopes whose payload names {@code owner} as the policy's owner. */
    private static List<JsonNode> policyOf(String owner) {
        return kafka.envelopes().stream().filter(e -> owner.equals(e.path("payload").path("owner").asText())).toList();
    }

    private static HttpResponse<String> meet(String text, String user, String responseUrl) throws Exception {
        HttpResponse<String> response = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet", text,
                user, "D0" + user.substring(3), "directmessage", responseUrl)), FORM);
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    /** A room of Anna's with Ben and Cleo, as the gateway's directory learns it (its purpose names it in messages). */
    private static void openRoom(CoordinationId room, RoomSeals.RoomKeyPair roomKey, String purpose) throws Exception {
        kafka.event(topics.coordinationEvents(), room.value(), 0, new CoordinationCreated(room,
                CoordinationType.MEETING_SYNC, new Purpose(purpose), UserId.of("U0ANNA"),
                PEOPLE.stream().map(UserId::of).toList(), MeetingDuration.ofMinutes(30),
                new SearchRange(Instant.now(), Instant.now().plus(Duration.ofDays(2))), Instant.now().plus(Duration.ofDays(2)),
                null, Instant.now(), new RoomPublicKey(roomKey.publicKey())));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.room(room.value()).isPresent());
    }

    /** coordination-service's answer to {@code GET /internal/rooms/{room}/proposals} (docs/coordination.md). */
    private static String proposals(CoordinationId room, Map<Integer, TimeWindow> current) throws Exception {
        var answer = EnclaveJson.mapper().createObjectNode().put("room", room.value());
        var list = answer.putArray("proposals");
        new java.util.TreeMap<>(current).forEach((number, slot) -> {
            var proposal = list.addObject().put("number", number);
            proposal.set("slot", EnclaveJson.mapper().valueToTree(slot));
            proposal.putNull("proposedBy");
            proposal.putArray("acceptedBy");
            proposal.putArray("acknowledgedBy");
        });
        return EnclaveJson.mapper().writeValueAsString(answer);
    }

    private static String pickedTime(long from, long until) {
        return "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + from + "}},"
                + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + until + "}}}";
    }

    /** The time in none of its encodings: ISO text, epoch seconds, epoch millis. */
    private static void assertNoTimeIn(JsonNode envelope, TimeWindow slot) {
        for (Instant at : List.of(slot.start(), slot.end())) {
            assertThat(envelope.toString()).doesNotContain(at.toString().substring(0, 16),
                    Long.toString(at.getEpochSecond()), Long.toString(at.toEpochMilli()));
        }
    }

    /** The modals opened with this callback id and private metadata. */
    private static List<JsonNode> modals(String callbackId, String metadata) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (SlackStandIn.Call call : slack.calls("views.open")) {
            JsonNode view = EnclaveJson.mapper().readTree(call.param("view"));
            if (view.path("callback_id").asText().equals(callbackId)
                    && view.path("private_metadata").asText().equals(metadata)) {
                found.add(view);
            }
        }
        return found;
    }

    private static List<SlackStandIn.Call> dms(String person, String purpose, String words) {
        return posted(person).stream().filter(c -> c.param("text").contains(purpose) && c.param("text").contains(words))
                .toList();
    }

    private static List<SlackStandIn.Call> posted(String channel) {
        return slack.calls("chat.postMessage").stream().filter(c -> channel.equals(c.param("channel"))).toList();
    }

    private static List<JsonNode> buttons(SlackStandIn.Call message) throws Exception {
        List<JsonNode> buttons = new ArrayList<>();
        for (JsonNode block : EnclaveJson.mapper().readTree(message.param("blocks"))) {
            for (JsonNode element : block.path("elements")) {
                if ("button".equals(element.path("type").asText())) {
                    buttons.add(element);
                }
            }
        }
        return buttons;
    }

    /** The immediate answer's text, as Slack shows it. */
    private static String text(HttpResponse<String> response) throws Exception {
        return EnclaveJson.mapper().readTree(response.body()).path("text").asText();
    }

    private static List<JsonNode> forRoom(CoordinationId room) {
        return kafka.envelopes().stream()
                .filter(e -> room.value().equals(e.path("payload").path("coordinationId").asText())).toList();
    }

    private static List<JsonNode> forRoom(CoordinationId room, String type) {
        return forRoom(room).stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }
}
