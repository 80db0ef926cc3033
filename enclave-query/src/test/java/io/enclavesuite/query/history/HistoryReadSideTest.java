package io.enclavesuite.query.history;

import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.AutonomyRuleRemoved;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.enclave.EnclaveFixture;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The audit history against real PostgreSQL: what is kept, how it is filtered and paged, and who may see it. */
class HistoryReadSideTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final Instant T1 = Instant.parse("2026-11-23T10:00:00Z");

    private final RecordedHistory history = new RecordedHistory();
    private final JdbcTemplate jdbc = history.jdbc;
    private MockMvc api;

    @BeforeEach
    void setUp() throws Exception {
        new EnclaveFixture(jdbc).active("growth", ALICE, Mode.PRIVATE);
        api = ApiMockMvc.of(new HistoryController(jdbc, history.access, history.disclosures));
        record("growth", 0, new MemberRegistered(EnclaveId.of("growth"), BOB, T1), T1, "U0BOB", "slack", "c-1");
        record("growth", 1, new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1),
                T1.plus(Duration.ofHours(1)), "slack-events", "slack", "c-2");
        record("growth", 2, new EnclaveUnfrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1),
                T1.plus(Duration.ofHours(2)), "U0ALICE", "kafka:enclavectl", "c-3");
    }

    private void record(String aggregate, long sequence, Object event, Instant at, String actor, String via,
                        String correlation) throws Exception {
        history.record(aggregate, sequence, event, at,
                RecordedHistory.metadata(actor, via, null, correlation, correlation));
    }

    @Test
    void theHistoryHasEveryEventInOrderWithItsMetadataAndARedeliveryAddsNothing() throws Exception {
        record("growth", 1, new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1),
                T1.plus(Duration.ofHours(1)), "slack-events", "slack", "c-2"); // delivered again

        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(3))
                .andExpect(jsonPath("$.items[0].type").value("MemberRegistered"))
                .andExpect(jsonPath("$.items[0].actor").value("U0BOB"))
                .andExpect(jsonPath("$.items[0].via").value("slack"))
                .andExpect(jsonPath("$.items[1].type").value("EnclaveFrozen"))
                .andExpect(jsonPath("$.items[1].payload.reason").value("channel-archived"))
                .andExpect(jsonPath("$.items[1].correlationId").value("c-2"))
                .andExpect(jsonPath("$.items[2].at").value("2026-11-23T12:00:00Z"))
                .andExpect(jsonPath("$.next").doesNotExist());
        assertThat(jdbc.queryForObject("select count(*) from event_history", Integer.class)).isEqualTo(3);
    }

    @Test
    void aProcessorBatchWritesItsEventsWhenItCommitsAndARolledBackBatchWritesNone() throws Exception {
        // as a processor runs a batch: one unit of work, with a redelivery inside it and one of an earlier batch
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        record("growth", 3, new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1), T1, "U0ALICE",
                "slack", "c-4");
        record("growth", 3, new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1), T1, "U0ALICE",
                "slack", "c-4");
        record("growth", 2, new EnclaveUnfrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1), T1,
                "U0ALICE", "kafka:enclavectl", "c-3");
        record("growth", 4, new EnclaveUnfrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1), T1,
                "U0ALICE", "slack", "c-5");
        assertThat(jdbc.queryForObject("select count(*) from event_history", Integer.class)).isEqualTo(3);
        batch.commit();
        assertThat(jdbc.queryForList("select sequence from event_history order by sequence", Long.class))
                .containsExactly(0L, 1L, 2L, 3L, 4L);

        DefaultUnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(null);
        record("growth", 5, new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1), T1, "U0ALICE",
                "slack", "c-6");
        failed.rollback();
        assertThat(jdbc.queryForObject("select count(*) from event_history", Integer.class)).isEqualTo(5);
    }

    @Test
    void filtersAndPagesNarrowTheHistory() throws Exception {
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("type", "EnclaveFrozen"))
                .andExpect(jsonPath("$.items.length()").value(1));
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("actor", "U0ALICE"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].type").value("EnclaveUnfrozen"));
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE"))
                        .param("from", "2026-11-23T10:30:00Z").param("to", "2026-11-23T11:30:00Z"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].sequence").value(1));
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("limit", "2"))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.next").value("1"));
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("limit", "2")
                        .param("after", "1"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].sequence").value(2))
                .andExpect(jsonPath("$.next").doesNotExist());
    }

    @Test
    void theExportIsOneJsonPerLine() throws Exception {
        String body = api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE"))
                        .header("Accept", "application/x-ndjson"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/x-ndjson"))
                .andReturn().getResponse().getContentAsString();

        assertThat(body.lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{\"sequence\":"));
    }

    @Test
    void whoMayNotViewTheEnclaveGetsTheSameAnswerAsForNoEnclave() throws Exception {
        api.perform(get("/api/enclaves/growth/history").with(reader("U0EVE")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"));
        api.perform(get("/api/enclaves/nowhere/history").with(reader("U0EVE")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no enclave named 'nowhere'"));
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/enclaves/growth/history",
                "/api/enclaves/nowhere/history");
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("from", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("ISO-8601")));
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("limit", "0"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theEventsOfATentacleHiddenFromTheReaderAreNotInTheirHistoryAndPagesStayFull() throws Exception {
        new EnclaveFixture(jdbc).active("team", ALICE, Mode.MEMBER_EDIT, BOB);
        record("team", 0, new EnclaveActivated(EnclaveId.of("team"), "enclave-team", T1), T1, "saga", "saga", "t-0");
        record("team", 1, deployed("ledger", Mode.PRIVATE), T1, "U0ALICE", "slack", "t-1");
        record("team", 2, new TentacleRunRequested(EnclaveId.of("team"), TentacleName.of("ledger"), 1, T1),
                T1, "U0ALICE", "slack", "t-2");
        record("team", 3, deployed("shared", Mode.MEMBER_EDIT), T1, "U0ALICE", "slack", "t-3");
        record("team", 4, new SchemaAccessGranted(EnclaveId.of("team"), TentacleName.of("shared"),
                TentacleName.of("ledger"), SchemaAccess.READ, T1), T1, "U0ALICE", "slack", "t-4"); // names it too

        api.perform(get("/api/enclaves/team/history").with(reader("U0BOB")).param("limit", "1").param("after", "0"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].sequence").value(3))
                .andExpect(jsonPath("$.next").doesNotExist());
        String export = api.perform(get("/api/enclaves/team/history").with(reader("U0BOB"))
                .header("Accept", "application/x-ndjson")).andReturn().getResponse().getContentAsString();
        assertThat(export.lines()).hasSize(2);
        assertThat(export).doesNotContain("ledger");
        api.perform(get("/api/enclaves/team/history").with(reader("U0ALICE")))
                .andExpect(jsonPath("$.items.length()").value(5));
    }

    @Test
    void theEventsOnlyTheHistoryKeepsAreKeptWithTheirKind() throws Exception {
        record("U0BOB", 0, new AutonomyRuleAdded(BOB, new AutonomyRule("team", RuleKind.MEMBERS_OF_MY_ENCLAVES, null,
                null), T1), T1, "U0BOB", "slack", "p-0");
        record("U0BOB", 1, new AutonomyRuleRemoved(BOB, "team", T1), T1, "U0BOB", "slack", "p-1");
        record("growth", 3, new SchemaAccessGranted(EnclaveId.of("growth"), TentacleName.of("report"),
                TentacleName.of("board"), SchemaAccess.READ, T1), T1, "U0ALICE", "slack", "c-4");
        record("growth", 4, new SchemaAccessRevoked(EnclaveId.of("growth"), TentacleName.of("report"),
                TentacleName.of("board"), T1), T1, "U0ALICE", "slack", "c-5");

        assertThat(jdbc.queryForList("""
                        select type || ' ' || kind || ' ' || aggregate_id from event_history
                        where type like 'AutonomyRule%' or type like 'SchemaAccess%' order by type""", String.class))
                .containsExactly("AutonomyRuleAdded policy U0BOB", "AutonomyRuleRemoved policy U0BOB",
                        "SchemaAccessGranted team growth", "SchemaAccessRevoked team growth");
        api.perform(get("/api/enclaves/growth/history").with(reader("U0ALICE")).param("type", "SchemaAccessGranted"))
                .andExpect(jsonPath("$.items[0].payload.grantee").value("board"))
                .andExpect(jsonPath("$.items[0].payload.access").value("read"));
    }

    private static TentacleDeployed deployed(String tentacle, Mode mode) {
        return new TentacleDeployed(EnclaveId.of("team"), TentacleName.of(tentacle),
                ContainerImage.of("ghcr.io/acme/" + tentacle + ":1.0.0"), null, mode, ALICE, List.of(), T1);
    }

    @Test
    void aRoomsHistoryIsForItsParticipantsAndHoldsNoWindows() throws Exception {
        CoordinationId room = CoordinationId.of("room-00000000-0000-0000-0000-0000000000dd");
        record(room.value(), 0, new CoordinationCreated(room, CoordinationType.MEETING_SYNC, new Purpose("retro"),
                ALICE, List.of(ALICE, BOB, UserId.of("U0CAROL")), MeetingDuration.ofMinutes(30),
                new SearchRange(T1, T1.plus(Duration.ofDays(2))), T1.plus(Duration.ofDays(2)), null, T1, null), T1,
                "U0ALICE", "slack", "r-1");
        record(room.value(), 1, new WindowsSubmitted(room, BOB, new SealedWindows("c2VhbGVkLXdpbmRvd3M"), 2, T1), T1,
                "U0BOB", "slack", "r-2");

        api.perform(get("/api/rooms/" + room.value() + "/history").with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[1].payload.windowCount").value(2))
                .andExpect(jsonPath("$.items[1].payload.windows").doesNotExist());
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/rooms/" + room.value() + "/history",
                "/api/rooms/room-00000000-0000-0000-0000-0000000000ff/history");
        assertThat(jdbc.queryForObject("select count(*) from event_history where payload::text like '%c2VhbGVk%'",
                Integer.class)).isZero();
    }
}
