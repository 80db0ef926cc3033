package io.enclavesuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.receipts.signing.SigningKeyFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Issue 7's access rule as one grid: every {@code /api/**} endpoint of the service, asked by everyone it can be asked
 * by — an enclave's owner, a member and an "other" under every preset mode (private {@code rwx------}, member-read
 * {@code rwxr-x---}, member-edit {@code rwxrwx---} — the default —, open-read {@code rwxrwxr--}, open-run
 * {@code rwxrwxr-x}) and {@code rwx---r--}, where others read and members do not; a tentacle hidden by its own mode;
 * a room's initiator, a participant and a non-participant; an agent policy's owner and everyone else; no one at all
 * (no token) — answers exactly what the modes allow:
 * <ul>
 *   <li>whoever may read gets 200 and, for a resource of an enclave or room, byte for byte the owner's (initiator's)
 *       answer, which is checked for what the fixture holds;</li>
 *   <li>whoever may not gets 404 whose status, headers and body are the unknown resource's, byte for byte but for
 *       the name asked for — so a 404 never tells hidden from missing;</li>
 *   <li>the reader's own lists and feeds hold exactly what that reader may read, nothing they may not.</li>
 * </ul>
 * The expectations are written out as a table ({@link EnclaveMode}, {@link RoomRole}), not derived from the access
 * rules under test. The service's controllers are found by a component scan as the service finds them, the read models
 * are filled by the service's own projections through Axon's handler adapters, as its processors deliver events
 * ({@link ReadSide}), and {@link #everyMappedApiEndpointIsInTheGrid()} fails for an endpoint the grid does not ask.
 */
public class AccessGridTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId DAVE = UserId.of("U0DAVE");

    /** An enclave's people: Alice owns every enclave, Bob is a member of each, Dave of none. */
    enum Role {
        OWNER(ALICE), MEMBER(BOB), OTHER(DAVE);

        final UserId user;

        Role(UserId user) {
            this.user = user;
        }
    }

    /**
     * The modes under test — every preset, and one where others read but members do not — each with its enclave and,
     * written out, who may read it: the owner always (superuser), member and other by the r of their triad.
     */
    enum EnclaveMode {
        PRIVATE(Mode.PRIVATE, "grid-private", true, false, false),
        MEMBER_READ(Mode.MEMBER_READ, "grid-member-read", true, true, false),
        MEMBER_EDIT(Mode.MEMBER_EDIT, "grid-member-edit", true, true, false),
        OPEN_READ(Mode.OPEN_READ, "grid-open-read", true, true, true),
        OPEN_RUN(Mode.OPEN_RUN, "grid-open-run", true, true, true),
        OTHERS_NOT_MEMBERS(new Mode("rwx---r--"), "grid-others-not-members", true, false, true);

        final Mode mode;
        final String enclave;
        private final Map<Role, Boolean> readable;

        EnclaveMode(Mode mode, String enclave, boolean owner, boolean member, boolean other) {
            this.mode = mode;
            this.enclave = enclave;
            this.readable = Map.of(Role.OWNER, owner, Role.MEMBER, member, Role.OTHER, other);
        }

        boolean readableBy(Role role) {
            return readable.get(role);
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " " + mode;
        }
    }

    /** A room's people: Alice started both rooms, Bob takes part in both, Dave in neither. */
    enum RoomRole {
        INITIATOR(ALICE, true), PARTICIPANT(BOB, true), NON_PARTICIPANT(DAVE, false);

        final UserId user;
        final boolean readsRooms;

        RoomRole(UserId user, boolean readsRooms) {
            this.user = user;
            this.readsRooms = readsRooms;
        }
    }

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    /** After every event of the fixture: what as-of asks for. */
    private static final String AS_OF = "2026-11-24T08:00:00Z";
    /** Pending: Alice started it, Bob's agent asked him first. */
    private static final String ROOM = "room-00000000-0000-0000-0000-0000000000a1";
    /** Resolved, with its receipt for both. */
    private static final String RESOLVED_ROOM = "room-00000000-0000-0000-0000-0000000000a2";
    private static final String TENTACLE = "report";
    private static final String UNKNOWN_ENCLAVE = "no-such-enclave";
    private static final String UNKNOWN_TENTACLE = "no-such-tentacle";
    private static final String UNKNOWN_ROOM = "room-00000000-0000-0000-0000-0000000000ff";
    private static final String NDJSON = "application/x-ndjson";
    /** Bob's sign-in registered him in every enclave: one trace across all three. */
    private static final String SIGN_IN_TRACE = "t-bob-sign-in";
    private static final List<String> ENCLAVE_EVENTS = List.of("EnclaveProvisioningStarted", "EnclaveActivated",
            "TentacleDeployed", "ChannelRenamed", "MemberRegistered");
    private static final long SIGN_IN_SEQUENCE = ENCLAVE_EVENTS.indexOf("MemberRegistered");
    private static final List<String> ROOM_EVENTS = List.of("CoordinationCreated", "ParticipationAuthorized",
            "ParticipationApprovalRequested");
    /**
     * The tentacle layer: an open-read enclave (everyone reads it) with Alice's "report" open to all and her "ledger",
     * deployed open and then made {@code rwx------} — which only she, owner of both, may view.
     */
    private static final String LAYERED = "grid-layered";
    private static final String LEDGER = "ledger";
    private static final List<String> LAYERED_EVENTS = List.of("EnclaveProvisioningStarted", "EnclaveActivated",
            "TentacleDeployed", "TentacleDeployed", "TentacleModeChanged", "MemberRegistered");
    private static final long LEDGER_DEPLOYED = 3;
    /** Bob's agent policy: its stream is his, named by his user id, and his alone to read. */
    private static final String POLICY = BOB.value();
    private static final String UNKNOWN_POLICY = "U0NOPOLICY";

    private static final ObjectMapper JSON = EnclaveJson.mapper();

    @TempDir
    static Path folder;
    private static ReadSide readSide;
    private static MockMvc api;
    private static WebApplicationContext context;
    private static final Map<String, Long> sequences = new HashMap<>();
    private static int minute;

    @BeforeAll
    static void theServiceWithEveryReadModelFilled() throws Exception {
        Path receiptKey = folder.resolve("receipt-signing-key.pem");
        SigningKeyFile.loadOrCreate(receiptKey, new SecureRandom());
        readSide = ReadSide.start(receiptKey);
        api = readSide.api;
        context = readSide.context;
        assertThat(readSide.projections()).as("the enclave, tentacle, room, history and receipt projections")
                .hasSize(5);

        for (EnclaveMode mode : EnclaveMode.values()) {
            EnclaveId id = EnclaveId.of(mode.enclave);
            ChannelId channel = ChannelId.of("C0" + mode.name().replace("_", ""));
            String trace = "t-" + mode.enclave;
            deliver(mode.enclave, ALICE.value(), "slack", trace, at -> new EnclaveProvisioningStarted(id,
                    new ChannelRef(channel, mode.enclave), ALICE, QuotaPreset.SMALL, mode.mode, id.namespace(), at));
            deliver(mode.enclave, "enclave-command", MetadataKeys.VIA_SAGA, trace,
                    at -> new EnclaveActivated(id, id.namespace(), at));
            // the tentacle takes the enclave's mode, so its own layer asks what the enclave's does
            deliver(mode.enclave, ALICE.value(), "slack", trace + "-deploy", at -> new TentacleDeployed(id,
                    TentacleName.of(TENTACLE), ContainerImage.of("ghcr.io/acme/report:1.0.0"), null, mode.mode, ALICE,
                    List.of(), at));
            // anyone in a Slack channel may rename it: Dave did, and it is his activity where he may read it
            deliver(mode.enclave, DAVE.value(), "slack", trace + "-rename",
                    at -> new ChannelRenamed(id, channel, mode.enclave, mode.enclave + "-team", at));
        }
        for (EnclaveMode mode : EnclaveMode.values()) {
            deliver(mode.enclave, BOB.value(), "slack", SIGN_IN_TRACE,
                    at -> new MemberRegistered(EnclaveId.of(mode.enclave), BOB, at));
        }

        EnclaveId layered = EnclaveId.of(LAYERED);
        ChannelId layeredChannel = ChannelId.of("C0LAYERED");
        deliver(LAYERED, ALICE.value(), "slack", "t-layered", at -> new EnclaveProvisioningStarted(layered,
                new ChannelRef(layeredChannel, LAYERED), ALICE, QuotaPreset.SMALL, Mode.OPEN_READ, layered.namespace(),
                at));
        deliver(LAYERED, "enclave-command", MetadataKeys.VIA_SAGA, "t-layered",
                at -> new EnclaveActivated(layered, layered.namespace(), at));
        deliver(LAYERED, ALICE.value(), "slack", "t-layered-report", at -> new TentacleDeployed(layered,
                TentacleName.of(TENTACLE), ContainerImage.of("ghcr.io/acme/report:1.0.0"), null, Mode.OPEN_READ, ALICE,
                List.of(), at));
        deliver(LAYERED, ALICE.value(), "slack", "t-layered-ledger", at -> new TentacleDeployed(layered,
                TentacleName.of(LEDGER), ContainerImage.of("ghcr.io/acme/ledger:2.0.1"), null, Mode.OPEN_READ, ALICE,
                List.of(), at));
        deliver(LAYERED, ALICE.value(), "slack", "t-layered-ledger-mode", at -> new TentacleModeChanged(layered,
                TentacleName.of(LEDGER), Mode.OPEN_READ, Mode.PRIVATE, at));
        deliver(LAYERED, BOB.value(), "slack", "t-layered-sign-in",
                at -> new MemberRegistered(layered, BOB, at));

        deliver(POLICY, BOB.value(), "slack", "t-bob-rule", at -> new AutonomyRuleAdded(BOB,
                new AutonomyRule("team-mates", RuleKind.MEMBERS_OF_MY_ENCLAVES, null, null), at));

        CoordinationId pending = CoordinationId.of(ROOM);
        deliver(ROOM, ALICE.value(), "slack", "t-room", at -> created(pending, at));
        deliver(ROOM, "coordination-service", MetadataKeys.VIA_SAGA, "t-room",
                at -> new ParticipationAuthorized(pending, ALICE, Authorization.AUTO_EXECUTED, "initiator", at));
        deliver(ROOM, "coordination-service", MetadataKeys.VIA_SAGA, "t-room",
                at -> new ParticipationApprovalRequested(pending, BOB, "no autonomy rules: every invitation is asked",
                        at));

        CoordinationId resolved = CoordinationId.of(RESOLVED_ROOM);
        TimeWindow slot = new TimeWindow(Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T10:30:00Z"));
        deliver(RESOLVED_ROOM, ALICE.value(), "slack", "t-resolved", at -> created(resolved, at));
        deliver(RESOLVED_ROOM, "coordination-service", MetadataKeys.VIA_SAGA, "t-resolved",
                at -> new ParticipationAuthorized(resolved, ALICE, Authorization.AUTO_EXECUTED, "initiator", at));
        deliver(RESOLVED_ROOM, "coordination-service", MetadataKeys.VIA_SAGA, "t-resolved",
                at -> new ParticipationAuthorized(resolved, BOB, Authorization.AUTO_EXECUTED, "team-mates", at));
        deliver(RESOLVED_ROOM, "coordination-service", MetadataKeys.VIA_SAGA, "t-resolved",
                at -> new CoordinationOpened(resolved, at, null));
        deliver(RESOLVED_ROOM, "coordination-service", MetadataKeys.VIA_SAGA, "t-resolved",
                at -> new CoordinationResolved(resolved, slot, at));
        deliver(RESOLVED_ROOM, "receipts", MetadataKeys.VIA_SAGA, "t-resolved", at -> new ReceiptIssued(
                "coordination", RESOLVED_ROOM, "receipt-a2", List.of(ALICE.value(), BOB.value()),
                JSON.createObjectNode().put("receiptId", "receipt-a2").put("enclaveId", RESOLVED_ROOM)
                        .put("signature", "c2ln"), at));
    }

    private static CoordinationCreated created(CoordinationId room, Instant at) {
        return new CoordinationCreated(room, CoordinationType.MEETING_SYNC, new Purpose("quarterly planning"), ALICE,
                List.of(ALICE, BOB), MeetingDuration.ofMinutes(30),
                new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                at.plus(Duration.ofHours(48)), null, at, null);
    }

    /** One event to every projection that handles it, as the processors deliver it: next in its stream, a minute on. */
    private static void deliver(String aggregate, String actor, String via, String trace,
                                Function<Instant, Object> event) throws Exception {
        long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
        Instant at = T0.plus(Duration.ofMinutes(minute++));
        readSide.deliver(aggregate, sequence, event.apply(at), at, Map.of(MetadataKeys.ACTOR, actor,
                MetadataKeys.VIA, via, "traceId", trace, "correlationId", trace));
    }

    /** One request of the API as the grid asks it: the mapping it exercises, and its cases. */
    private record Endpoint(String pattern, String variant, Supplier<Stream<DynamicTest>> cases) {

        String title() {
            return "GET " + pattern + (variant.isEmpty() ? "" : " (" + variant + ")");
        }
    }

    /** What an enclave- or room-scoped endpoint is asked about: an enclave or room, and a tentacle in it. */
    private record Target(String aggregate, String tentacle) {
    }

    private List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("/api/enclaves", "", () -> Stream.concat(enclaveList(), tentacleLayer(
                        () -> get("/api/enclaves"), null, false, (role, body) -> {
                            JsonNode listed = StreamSupport.stream(json(body).spliterator(), false)
                                    .filter(enclave -> enclave.path("name").asText().equals(LAYERED)).findFirst()
                                    .orElseThrow();
                            assertThat(listed).isEqualTo(ok(get("/api/enclaves/{e}", LAYERED), role.user));
                            assertThat(listed.path("tentacleCount").asInt()).isEqualTo(layeredTentacles(role).size());
                        }))),
                new Endpoint("/api/enclaves/{name}", "", () -> Stream.concat(enclaveCases(
                        target -> get("/api/enclaves/{name}", target.aggregate()), false, this::anEnclave),
                        tentacleLayer(() -> get("/api/enclaves/{e}", LAYERED), null, (role, body) ->
                                assertThat(json(body).path("tentacleCount").asInt())
                                        .isEqualTo(layeredTentacles(role).size())))),
                new Endpoint("/api/enclaves/{enclave}/tentacles", "", () -> Stream.concat(enclaveCases(
                        target -> get("/api/enclaves/{e}/tentacles", target.aggregate()), false, this::itsTentacles),
                        tentacleLayer(() -> get("/api/enclaves/{e}/tentacles", LAYERED), null, (role, body) ->
                                assertThat(texts(json(body), "name")).isEqualTo(layeredTentacles(role))))),
                new Endpoint("/api/enclaves/{enclave}/tentacles/{tentacle}", "", () -> Stream.concat(enclaveCases(
                        target -> get("/api/enclaves/{e}/tentacles/{t}", target.aggregate(), target.tentacle()), true,
                        this::itsTentacle),
                        tentacleLayer(() -> get("/api/enclaves/{e}/tentacles/{t}", LAYERED, LEDGER),
                                new Twin(() -> get("/api/enclaves/{e}/tentacles/{t}", LAYERED, UNKNOWN_TENTACLE),
                                        LEDGER, UNKNOWN_TENTACLE),
                                (role, body) -> assertThat(json(body).path("mode").asText()).isEqualTo("rwx------")))),
                new Endpoint("/api/enclaves/{name}/history", "JSON", () -> Stream.concat(enclaveCases(
                        target -> get("/api/enclaves/{e}/history", target.aggregate()), false,
                        (mode, body) -> assertThat(types(json(body).path("items"))).isEqualTo(ENCLAVE_EVENTS)),
                        tentacleLayer(() -> get("/api/enclaves/{e}/history", LAYERED), null, (role, body) ->
                                assertThat(types(json(body).path("items"))).isEqualTo(layeredEvents(role))))),
                new Endpoint("/api/enclaves/{name}/history", "NDJSON export", () -> Stream.concat(enclaveCases(
                        target -> get("/api/enclaves/{e}/history", target.aggregate()).accept(NDJSON), false,
                        (mode, body) -> assertThat(ndjsonTypes(body)).isEqualTo(ENCLAVE_EVENTS)),
                        tentacleLayer(() -> get("/api/enclaves/{e}/history", LAYERED).accept(NDJSON), null,
                                (role, body) -> assertThat(ndjsonTypes(body)).isEqualTo(layeredEvents(role))))),
                new Endpoint("/api/enclaves/{name}/as-of", "", () -> Stream.concat(enclaveCases(
                        target -> get("/api/enclaves/{e}/as-of", target.aggregate()).param("at", AS_OF), false,
                        this::itsPast),
                        tentacleLayer(() -> get("/api/enclaves/{e}/as-of", LAYERED).param("at", AS_OF), null,
                                (role, body) -> assertThat(iterable(json(body).path("tentacles").fieldNames()))
                                        .isEqualTo(layeredTentacles(role))))),
                new Endpoint("/api/rooms", "", this::roomList),
                new Endpoint("/api/rooms/{room}", "", () -> roomCases(target -> get("/api/rooms/{r}", target),
                        this::aRoom)),
                new Endpoint("/api/rooms/{room}/history", "JSON", () -> roomCases(
                        target -> get("/api/rooms/{r}/history", target),
                        body -> assertThat(types(json(body).path("items"))).isEqualTo(ROOM_EVENTS))),
                new Endpoint("/api/rooms/{room}/history", "NDJSON export", () -> roomCases(
                        target -> get("/api/rooms/{r}/history", target).accept(NDJSON),
                        body -> assertThat(ndjsonTypes(body)).isEqualTo(ROOM_EVENTS))),
                new Endpoint("/api/rooms/{room}/disclosures", "", () -> roomCases(
                        target -> get("/api/rooms/{r}/disclosures", target),
                        body -> assertThat(types(json(body).path("disclosures"))).isEqualTo(ROOM_EVENTS))),
                new Endpoint("/api/rooms/{room}/as-of", "", () -> roomCases(
                        target -> get("/api/rooms/{r}/as-of", target).param("at", AS_OF), this::aRoomsPast)),
                new Endpoint("/api/why", "an enclave's or a room's own event", this::whyCases),
                new Endpoint("/api/why", "an event whose trace spans enclaves", this::whyAcrossEnclaves),
                new Endpoint("/api/why", "an agent policy's event", this::whyOfAPolicy),
                new Endpoint("/api/why", "an event of a tentacle hidden by its own mode", () -> tentacleLayer(
                        () -> why(LAYERED, LEDGER_DEPLOYED),
                        new Twin(() -> why(LAYERED, 99), "event " + LEDGER_DEPLOYED, "event 99"), (role, body) -> {
                            JsonNode why = json(body);
                            assertThat(why.path("item").path("payload").path("tentacle").asText()).isEqualTo(LEDGER);
                            assertThat(why.path("chain")).hasSize(1);
                        })),
                new Endpoint("/api/feed/coordination", "", this::coordinationFeed),
                new Endpoint("/api/feed/coordination/badge", "", this::badge),
                new Endpoint("/api/feed/coordination/stream", "", this::liveFeed),
                new Endpoint("/api/feed/activity", "", this::activity),
                new Endpoint("/api/archive", "", this::archive),
                new Endpoint("/api/policy", "", this::policy),
                new Endpoint("/api/receipts", "", this::receipts),
                new Endpoint("/api/receipts/keys", "", this::receiptKeys));
    }

    @TestFactory
    Stream<DynamicNode> grid() {
        return endpoints().stream().map(endpoint -> dynamicContainer(endpoint.title(), endpoint.cases().get()));
    }

    /**
     * The grid's own guard: an endpoint added to the service and not to the grid, or the reverse, fails here. The
     * running service's mappings, the OpenAPI document's included, are held against the grid by
     * {@code ApiAuthenticationTest}.
     */
    @Test
    void everyMappedApiEndpointIsInTheGrid() {
        assertThat(askedEndpoints()).as("the endpoints the access grid asks, against those the service maps")
                .containsExactlyElementsOf(apiMappings(context.getBean("requestMappingHandlerMapping",
                        RequestMappingHandlerMapping.class)));
        assertThat(askedEndpoints()).as("the API's endpoints").hasSizeGreaterThanOrEqualTo(17);
    }

    /** What the grid asks, as "GET /api/…" with the mapping's own pattern. */
    public static Set<String> askedEndpoints() {
        return new AccessGridTest().endpoints().stream().map(endpoint -> "GET " + endpoint.pattern())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The {@code /api/**} request mappings of a handler mapping, as "METHOD pattern". */
    public static Set<String> apiMappings(RequestMappingInfoHandlerMapping handlers) {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo mapping : handlers.getHandlerMethods().keySet()) {
            for (String pattern : mapping.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    Set<String> methods = mapping.getMethodsCondition().getMethods().stream().map(Enum::name)
                            .collect(Collectors.toSet());
                    methods.forEach(method -> mapped.add(method + " " + pattern));
                    if (methods.isEmpty()) {
                        mapped.add("(any method) " + pattern);
                    }
                }
            }
        }
        return mapped;
    }

    // ---- enclave-scoped endpoints: role x mode ------------------------------------------------------------------

    private interface BodyCheck {
        void check(EnclaveMode mode, String body) throws Exception;
    }

    private Stream<DynamicTest> enclaveCases(Function<Target, MockHttpServletRequestBuilder> request,
                                             boolean namesTentacle, BodyCheck expected) {
        List<DynamicTest> cases = new ArrayList<>();
        for (EnclaveMode mode : EnclaveMode.values()) {
            for (Role role : Role.values()) {
                Target target = new Target(mode.enclave, TENTACLE);
                cases.add(dynamicTest(role + " of " + mode + (mode.readableBy(role) ? ": allowed" : ": 404"), () -> {
                    MockHttpServletResponse answer = call(request.apply(target), role.user);
                    if (mode.readableBy(role)) {
                        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
                        expected.check(mode, answer.getContentAsString());
                        assertSameAnswer(answer, call(request.apply(target), Role.OWNER.user));
                    } else {
                        assertAnswersLikeUnknown(answer, mode.enclave,
                                call(request.apply(new Target(UNKNOWN_ENCLAVE, TENTACLE)), role.user), UNKNOWN_ENCLAVE);
                        if (namesTentacle) {
                            assertAnswersLikeUnknown(answer, TENTACLE,
                                    call(request.apply(new Target(mode.enclave, UNKNOWN_TENTACLE)), role.user),
                                    UNKNOWN_TENTACLE);
                        }
                    }
                }));
            }
        }
        cases.add(withoutAToken(request.apply(new Target(EnclaveMode.OPEN_READ.enclave, TENTACLE))));
        return cases.stream();
    }

    private void anEnclave(EnclaveMode mode, String body) throws Exception {
        JsonNode enclave = json(body);
        assertThat(enclave.path("name").asText()).isEqualTo(mode.enclave);
        assertThat(enclave.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(enclave.path("owner").asText()).isEqualTo(ALICE.value());
        assertThat(enclave.path("mode").asText()).isEqualTo(mode.mode.bits());
        assertThat(texts(enclave.path("members"))).containsExactly(BOB.value());
        assertThat(enclave.path("channel").path("name").asText()).isEqualTo(mode.enclave + "-team");
        assertThat(enclave.path("tentacleCount").asInt()).isEqualTo(1);
    }

    private void itsTentacles(EnclaveMode mode, String body) throws Exception {
        JsonNode tentacles = json(body);
        assertThat(tentacles).hasSize(1);
        itsTentacle(mode, tentacles.get(0).toString());
    }

    private void itsTentacle(EnclaveMode mode, String body) throws Exception {
        JsonNode tentacle = json(body);
        assertThat(tentacle.path("enclave").asText()).isEqualTo(mode.enclave);
        assertThat(tentacle.path("name").asText()).isEqualTo(TENTACLE);
        assertThat(tentacle.path("mode").asText()).isEqualTo(mode.mode.bits());
        assertThat(tentacle.path("owner").asText()).isEqualTo(ALICE.value());
    }

    private void itsPast(EnclaveMode mode, String body) throws Exception {
        JsonNode state = json(body);
        assertThat(state.path("name").asText()).isEqualTo(mode.enclave);
        assertThat(state.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(state.path("mode").asText()).isEqualTo(mode.mode.bits());
        assertThat(texts(state.path("members"))).containsExactly(BOB.value());
        assertThat(state.path("tentacles").path(TENTACLE).path("mode").asText()).isEqualTo(mode.mode.bits());
    }

    // ---- room-scoped endpoints: initiator, participant, non-participant -------------------------------------------

    private interface RoomBodyCheck {
        void check(String body) throws Exception;
    }

    private Stream<DynamicTest> roomCases(Function<String, MockHttpServletRequestBuilder> request,
                                          RoomBodyCheck expected) {
        List<DynamicTest> cases = new ArrayList<>();
        for (RoomRole role : RoomRole.values()) {
            cases.add(dynamicTest(role + (role.readsRooms ? ": allowed" : ": 404"), () -> {
                MockHttpServletResponse answer = call(request.apply(ROOM), role.user);
                if (role.readsRooms) {
                    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
                    expected.check(answer.getContentAsString());
                    assertSameAnswer(answer, call(request.apply(ROOM), RoomRole.INITIATOR.user));
                } else {
                    assertAnswersLikeUnknown(answer, ROOM, call(request.apply(UNKNOWN_ROOM), role.user), UNKNOWN_ROOM);
                }
            }));
        }
        cases.add(withoutAToken(request.apply(ROOM)));
        return cases.stream();
    }

    private void aRoom(String body) throws Exception {
        JsonNode room = json(body);
        assertThat(room.path("room").asText()).isEqualTo(ROOM);
        assertThat(room.path("status").asText()).isEqualTo("pending");
        assertThat(room.path("initiator").asText()).isEqualTo(ALICE.value());
        assertThat(room.findValues("user").stream().map(JsonNode::asText)).containsExactly(ALICE.value(), BOB.value());
        assertThat(room.findValues("authorization").stream().map(JsonNode::asText))
                .containsExactly("auto-executed", "awaiting-approval");
    }

    private void aRoomsPast(String body) throws Exception {
        JsonNode state = json(body);
        assertThat(state.path("status").asText()).isEqualTo("pending");
        assertThat(state.path("participants").path(BOB.value()).path("authorization").asText())
                .isEqualTo("awaiting-approval");
    }

    // ---- "Why?" -------------------------------------------------------------------------------------------------

    private static MockHttpServletRequestBuilder why(String aggregate, long sequence) {
        return get("/api/why").param("aggregate", aggregate).param("sequence", Long.toString(sequence));
    }

    /** The first event of each enclave and of the room: its chain is its own, so every reader who may gets one answer. */
    private Stream<DynamicTest> whyCases() {
        Stream<DynamicTest> enclaves = enclaveCases(target -> why(target.aggregate(), 0), false, (mode, body) -> {
            JsonNode why = json(body);
            assertThat(why.path("item").path("type").asText()).isEqualTo("EnclaveProvisioningStarted");
            assertThat(why.findValues("aggregate").stream().map(JsonNode::asText).distinct())
                    .containsExactly(mode.enclave);
        });
        Stream<DynamicTest> room = roomCases(target -> why(target, 0), body -> {
            JsonNode why = json(body);
            assertThat(why.path("item").path("type").asText()).isEqualTo("CoordinationCreated");
            assertThat(why.path("origin").path("actor").asText()).isEqualTo(ALICE.value());
        });
        return Stream.concat(enclaves, room);
    }

    /**
     * Bob's registration in one enclave shares its trace with his registrations in the others: the chain, the people
     * and the related aggregates show only the enclaves the reader may read, whichever one was asked about.
     */
    private Stream<DynamicTest> whyAcrossEnclaves() {
        List<DynamicTest> cases = new ArrayList<>();
        for (EnclaveMode mode : EnclaveMode.values()) {
            for (Role role : Role.values()) {
                cases.add(dynamicTest(role + " of " + mode + (mode.readableBy(role) ? ": allowed" : ": 404"), () -> {
                    MockHttpServletResponse answer = call(why(mode.enclave, SIGN_IN_SEQUENCE), role.user);
                    if (!mode.readableBy(role)) {
                        assertAnswersLikeUnknown(answer, mode.enclave,
                                call(why(UNKNOWN_ENCLAVE, SIGN_IN_SEQUENCE), role.user), UNKNOWN_ENCLAVE);
                        return;
                    }
                    assertThat(answer.getStatus()).isEqualTo(200);
                    List<String> readable = Arrays.stream(EnclaveMode.values()).filter(m -> m.readableBy(role))
                            .map(m -> m.enclave).toList();
                    JsonNode why = json(answer.getContentAsString());
                    assertThat(texts(why.path("chain"), "aggregate")).isEqualTo(readable);
                    assertThat(why.path("chain")).allSatisfy(event ->
                            assertThat(event.path("type").asText()).isEqualTo("MemberRegistered"));
                    assertThat(why.path("origin").path("aggregate").asText()).isEqualTo(readable.get(0));
                    assertThat(texts(why.path("related")))
                            .isEqualTo(readable.stream().filter(name -> !name.equals(mode.enclave)).toList());
                    assertThat(texts(why.path("people"))).containsExactly(BOB.value());
                }));
            }
        }
        return cases.stream();
    }

    /** An agent policy is its owner's alone: Bob reads his; the enclave's owner and the other get the unknown's 404. */
    private Stream<DynamicTest> whyOfAPolicy() {
        return Arrays.stream(Role.values()).map(role -> {
            boolean owns = role.user.equals(BOB);
            return dynamicTest(role + (owns ? " (the policy's owner): allowed" : ": 404"), () -> {
                MockHttpServletResponse answer = call(why(POLICY, 0), role.user);
                if (owns) {
                    assertThat(answer.getStatus()).isEqualTo(200);
                    JsonNode why = json(answer.getContentAsString());
                    assertThat(why.path("item").path("type").asText()).isEqualTo("AutonomyRuleAdded");
                    assertThat(why.path("item").path("payload").path("rule").path("ruleId").asText())
                            .isEqualTo("team-mates");
                } else {
                    assertAnswersLikeUnknown(answer, POLICY, call(why(UNKNOWN_POLICY, 0), role.user), UNKNOWN_POLICY);
                }
            });
        });
    }

    // ---- the reader's own lists ---------------------------------------------------------------------------------

    /** Each enclave appears in a reader's list exactly when its mode lets them read it, as its detail shows it. */
    private Stream<DynamicTest> enclaveList() {
        List<DynamicTest> cases = new ArrayList<>();
        for (EnclaveMode mode : EnclaveMode.values()) {
            for (Role role : Role.values()) {
                cases.add(dynamicTest(role + " of " + mode + (mode.readableBy(role) ? ": listed" : ": not listed"),
                        () -> {
                            JsonNode list = ok(get("/api/enclaves"), role.user);
                            assertThat(texts(list, "name")).as("only enclaves the reader may read, by name")
                                    .isEqualTo(readableBy(role));
                            Optional<JsonNode> listed = StreamSupport.stream(list.spliterator(), false)
                                    .filter(enclave -> enclave.path("name").asText().equals(mode.enclave)).findFirst();
                            assertThat(listed.isPresent()).isEqualTo(mode.readableBy(role));
                            if (listed.isPresent()) {
                                assertThat(listed.get()).isEqualTo(ok(get("/api/enclaves/{e}", mode.enclave),
                                        Role.OWNER.user));
                            }
                        }));
            }
        }
        cases.add(withoutAToken(get("/api/enclaves")));
        return cases.stream();
    }

    /** The enclaves a role may read, by name: those whose mode lets it, and the open-read one of the tentacle layer. */
    private static List<String> readableBy(Role role) {
        return Stream.concat(Arrays.stream(EnclaveMode.values()).filter(mode -> mode.readableBy(role))
                .map(mode -> mode.enclave), Stream.of(LAYERED)).sorted().toList();
    }

    // ---- the tentacle layer: a tentacle hidden by its own mode ---------------------------------------------------

    /** The ledger is Alice's and {@code rwx------}: only she sees it, in the enclave she owns and everyone reads. */
    private static List<String> layeredTentacles(Role role) {
        return role == Role.OWNER ? List.of(LEDGER, TENTACLE) : List.of(TENTACLE);
    }

    private static List<String> layeredEvents(Role role) {
        return role == Role.OWNER ? LAYERED_EVENTS
                : List.of("EnclaveProvisioningStarted", "EnclaveActivated", "TentacleDeployed", "MemberRegistered");
    }

    /** The unknown twin of a hidden resource, and the names in which the two requests differ. */
    private record Twin(Supplier<MockHttpServletRequestBuilder> unknown, String hiddenName, String unknownName) {
    }

    private interface LayerCheck {
        void check(Role role, String body) throws Exception;
    }

    /**
     * Every role reads the layered enclave; only its owner sees the ledger. Where the ledger is the resource asked for
     * ({@code hidden} names its unknown twin) the others get the twin's 404; elsewhere they get 200 without a trace of
     * it — and member and other, who see the same of the enclave, get the same bytes.
     */
    private Stream<DynamicTest> tentacleLayer(Supplier<MockHttpServletRequestBuilder> request, Twin hidden,
                                              LayerCheck expected) {
        return tentacleLayer(request, hidden, true, expected);
    }

    /** @param oneEnclave whether the answer is about the layered enclave alone, not a list of the reader's */
    private Stream<DynamicTest> tentacleLayer(Supplier<MockHttpServletRequestBuilder> request, Twin hidden,
                                              boolean oneEnclave, LayerCheck expected) {
        return Arrays.stream(Role.values()).map(role -> {
            boolean seesLedger = role == Role.OWNER;
            return dynamicTest("tentacle layer: " + role + (seesLedger || hidden == null ? ": allowed" : ": 404"),
                    () -> {
                        MockHttpServletResponse answer = call(request.get(), role.user);
                        if (!seesLedger && hidden != null) {
                            assertAnswersLikeUnknown(answer, hidden.hiddenName(), call(hidden.unknown().get(),
                                    role.user), hidden.unknownName());
                            return;
                        }
                        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
                        expected.check(role, answer.getContentAsString());
                        if (!seesLedger) {
                            assertThat(answer.getContentAsString()).doesNotContain(LEDGER);
                        }
                        if (role == Role.OTHER && oneEnclave) {
                            assertSameAnswer(answer, call(request.get(), Role.MEMBER.user));
                        }
                    });
        });
    }

    private Stream<DynamicTest> roomList() {
        return roomReaderCases(() -> get("/api/rooms"), (role, body) -> {
            JsonNode rooms = json(body);
            assertThat(texts(rooms, "room")).isEqualTo(role.readsRooms ? List.of(RESOLVED_ROOM, ROOM) : List.of());
            for (JsonNode room : rooms) {
                assertThat(room).isEqualTo(ok(get("/api/rooms/{r}", room.path("room").asText()), role.user));
            }
        });
    }

    /** Labels and attention as each person sees them; nothing of a room they are not in, not even in the badge. */
    private Stream<DynamicTest> coordinationFeed() {
        return roomReaderCases(() -> get("/api/feed/coordination"), (role, body) -> {
            JsonNode feed = json(body);
            assertThat(texts(feed.path("items"), "room"))
                    .isEqualTo(role.readsRooms ? List.of(RESOLVED_ROOM, ROOM) : List.of());
            assertThat(texts(feed.path("items"), "label")).isEqualTo(switch (role) {
                case INITIATOR -> List.of("resolved", "auto-executed");
                case PARTICIPANT -> List.of("resolved", "awaiting approval");
                case NON_PARTICIPANT -> List.of();
            });
            assertThat(texts(feed.path("needsAttention"), "room"))
                    .isEqualTo(role == RoomRole.PARTICIPANT ? List.of(ROOM) : List.of());
            assertThat(feed.path("badge").asInt()).isEqualTo(expectedBadge(role));
        });
    }

    private static int expectedBadge(RoomRole role) {
        return role == RoomRole.PARTICIPANT ? 1 : 0;
    }

    private Stream<DynamicTest> badge() {
        return roomReaderCases(() -> get("/api/feed/coordination/badge"), (role, body) ->
                assertThat(body).isEqualTo("{\"badge\":" + expectedBadge(role) + "}"));
    }

    /** The live feed's first event is, byte for byte, what the feed's GET answers the same person. */
    private Stream<DynamicTest> liveFeed() {
        List<DynamicTest> cases = new ArrayList<>();
        for (RoomRole role : RoomRole.values()) {
            cases.add(dynamicTest(role.toString(), () -> {
                MockHttpServletResponse answer = api.perform(get("/api/feed/coordination/stream")
                        .with(ApiMockMvc.reader(role.user.value()))).andReturn().getResponse();
                assertThat(answer.getStatus()).isEqualTo(200);
                assertThat(answer.getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
                String stream = answer.getContentAsString();
                assertThat(stream).startsWith("event:feed\ndata:");
                String first = stream.substring("event:feed\ndata:".length(), stream.indexOf("\n\n"));
                assertThat(first).isEqualTo(call(get("/api/feed/coordination"), role.user).getContentAsString());
            }));
        }
        cases.add(withoutAToken(get("/api/feed/coordination/stream")));
        return cases.stream();
    }

    /**
     * Everyone has done something in every enclave (Alice provisioned it and deployed, Dave renamed its channel, Bob
     * registered): each reader's Activity feed holds it exactly where the mode lets them read, and only their rooms.
     */
    private Stream<DynamicTest> activity() {
        List<DynamicTest> cases = new ArrayList<>();
        for (EnclaveMode mode : EnclaveMode.values()) {
            for (Role role : Role.values()) {
                cases.add(dynamicTest(role + " of " + mode + (mode.readableBy(role) ? ": shown" : ": not shown"),
                        () -> {
                            List<String> aggregates = activityAggregates(role.user);
                            assertThat(aggregates.contains(mode.enclave)).isEqualTo(mode.readableBy(role));
                            assertThat(aggregates).allSatisfy(aggregate -> assertThat(aggregate)
                                    .isIn(readableAggregates(role.user)));
                        }));
            }
        }
        for (RoomRole role : RoomRole.values()) {
            cases.add(dynamicTest(role + (role.readsRooms ? ": shown" : ": not shown"), () -> {
                Set<String> rooms = activityAggregates(role.user).stream().filter(a -> a.startsWith("room-"))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(rooms).isEqualTo(role.readsRooms ? Set.of(ROOM, RESOLVED_ROOM) : Set.of());
            }));
        }
        for (Role role : Role.values()) {
            boolean owns = role.user.equals(BOB);
            cases.add(dynamicTest(role + (owns ? " (owner of the policy): its rule shown" : ": no one else's rules"),
                    () -> assertThat(activityAggregates(role.user).contains(POLICY)).isEqualTo(owns)));
        }
        cases.add(withoutAToken(get("/api/feed/activity")));
        return cases.stream();
    }

    /**
     * The archive holds exactly the rooms a reader takes part in and the enclaves their role lets them read, each
     * enclave as listed by {@code GET /api/enclaves}; filtered by a person, nothing more comes to light.
     */
    private Stream<DynamicTest> archive() {
        List<DynamicTest> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            cases.add(dynamicTest(role + ": their rooms and the enclaves they may read, nothing else", () -> {
                Set<String> expected = new TreeSet<>(readableAggregates(role.user));
                expected.remove(POLICY);
                assertThat(new TreeSet<>(texts(ok(get("/api/archive").param("limit", "100"), role.user)
                        .path("items"), "id"))).isEqualTo(expected);
                for (UserId person : List.of(ALICE, BOB, DAVE)) {
                    assertThat(texts(ok(get("/api/archive").param("limit", "100").param("person", person.value()),
                            role.user).path("items"), "id")).allSatisfy(id -> assertThat(id).isIn(expected));
                }
                assertThat(texts(ok(get("/api/archive").param("limit", "100").param("kind", "enclave"), role.user)
                        .path("items"), "id")).containsExactlyInAnyOrderElementsOf(readableBy(role));
            }));
        }
        cases.add(withoutAToken(get("/api/archive")));
        return cases.stream();
    }

    /** Each person reads their own agent policy only: Bob's rule shows to Bob and to nobody else. */
    private Stream<DynamicTest> policy() {
        List<DynamicTest> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            boolean owns = role.user.equals(BOB);
            cases.add(dynamicTest(role + (owns ? " (owner of the policy): its rule shown" : ": their own, empty"),
                    () -> {
                        JsonNode policy = ok(get("/api/policy"), role.user);
                        assertThat(policy.path("owner").asText()).isEqualTo(role.user.value());
                        assertThat(policy.path("rules")).hasSize(owns ? 1 : 0);
                    }));
        }
        cases.add(withoutAToken(get("/api/policy")));
        return cases.stream();
    }

    private List<String> activityAggregates(UserId user) throws Exception {
        JsonNode feed = ok(get("/api/feed/activity"), user);
        assertThat(feed).isNotEmpty();
        return StreamSupport.stream(feed.spliterator(), false).map(item -> item.path("why").path("aggregate").asText())
                .toList();
    }

    private static Set<String> readableAggregates(UserId user) {
        Set<String> readable = new TreeSet<>();
        for (Role role : Role.values()) {
            if (role.user.equals(user)) {
                readable.addAll(readableBy(role));
            }
        }
        for (RoomRole role : RoomRole.values()) {
            if (role.user.equals(user) && role.readsRooms) {
                readable.addAll(List.of(ROOM, RESOLVED_ROOM));
            }
        }
        if (user.value().equals(POLICY)) {
            readable.add(POLICY);
        }
        return readable;
    }

    private Stream<DynamicTest> receipts() {
        return roomReaderCases(() -> get("/api/receipts"), (role, body) -> assertThat(texts(json(body), "receiptId"))
                .isEqualTo(role.readsRooms ? List.of("receipt-a2") : List.of()));
    }

    /** Public keys: the same set for everyone, and for no one in particular. */
    private Stream<DynamicTest> receiptKeys() {
        List<DynamicTest> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            cases.add(dynamicTest(role + ": the key set, as without a token", () -> {
                MockHttpServletResponse answer = call(get("/api/receipts/keys"), role.user);
                assertThat(answer.getStatus()).isEqualTo(200);
                assertThat(answer.getContentType()).isEqualTo("application/jwk-set+json");
                assertThat(json(answer.getContentAsString()).path("keys")).hasSize(1);
                assertSameAnswer(answer, api.perform(get("/api/receipts/keys")).andReturn().getResponse());
            }));
        }
        return cases.stream();
    }

    private interface ReaderCheck {
        void check(RoomRole role, String body) throws Exception;
    }

    /** @param request a new request each time: a request builder keeps what was added to it */
    private Stream<DynamicTest> roomReaderCases(Supplier<MockHttpServletRequestBuilder> request, ReaderCheck expected) {
        List<DynamicTest> cases = new ArrayList<>();
        for (RoomRole role : RoomRole.values()) {
            cases.add(dynamicTest(role + (role.readsRooms ? ": their rooms" : ": nothing"), () -> {
                MockHttpServletResponse answer = call(request.get(), role.user);
                assertThat(answer.getStatus()).isEqualTo(200);
                expected.check(role, answer.getContentAsString());
            }));
        }
        cases.add(withoutAToken(request.get()));
        return cases.stream();
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    private static DynamicTest withoutAToken(MockHttpServletRequestBuilder request) {
        return dynamicTest("no token: 401", () -> {
            MockHttpServletResponse answer = api.perform(request).andReturn().getResponse();
            assertThat(answer.getStatus()).isEqualTo(401);
            assertThat(answer.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
            assertThat(answer.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        });
    }

    private static MockHttpServletResponse call(MockHttpServletRequestBuilder request, UserId reader)
            throws Exception {
        return api.perform(request.with(ApiMockMvc.reader(reader.value()))).andReturn().getResponse();
    }

    private static JsonNode ok(MockHttpServletRequestBuilder request, UserId reader) throws Exception {
        MockHttpServletResponse answer = call(request, reader);
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        return json(answer.getContentAsString());
    }

    /** Same status, same headers, same body byte for byte. */
    private static void assertSameAnswer(MockHttpServletResponse answer, MockHttpServletResponse reference)
            throws Exception {
        assertThat(answer.getStatus()).isEqualTo(reference.getStatus());
        assertThat(headers(answer, "", "")).isEqualTo(headers(reference, "", ""));
        assertThat(answer.getContentAsByteArray()).isEqualTo(reference.getContentAsByteArray());
    }

    /**
     * A 404 for something hidden is the 404 for something unknown: the same status, headers and problem document,
     * byte for byte once the unknown name is put back in for the hidden one.
     */
    private static void assertAnswersLikeUnknown(MockHttpServletResponse hidden, String hiddenName,
                                                 MockHttpServletResponse unknown, String unknownName)
            throws Exception {
        assertThat(hidden.getStatus()).as(hidden.getContentAsString()).isEqualTo(404);
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(hidden.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(headers(unknown, unknownName, hiddenName)).isEqualTo(headers(hidden, "", ""));
        assertThat(unknown.getContentAsString().replace(unknownName, hiddenName))
                .isEqualTo(hidden.getContentAsString());
        assertThat(hidden.getContentAsString()).contains(hiddenName);
    }

    private static Map<String, List<String>> headers(MockHttpServletResponse response, String from, String to) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : new TreeSet<>(response.getHeaderNames())) {
            headers.put(name, response.getHeaders(name).stream()
                    .map(value -> from.isEmpty() ? value : value.replace(from, to)).toList());
        }
        return headers;
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.path(field).asText()).toList();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static List<String> types(JsonNode events) {
        return texts(events, "type");
    }

    private static List<String> ndjsonTypes(String body) throws Exception {
        List<String> types = new ArrayList<>();
        for (String line : body.lines().toList()) {
            types.add(json(line).path("type").asText());
        }
        return types;
    }
}
