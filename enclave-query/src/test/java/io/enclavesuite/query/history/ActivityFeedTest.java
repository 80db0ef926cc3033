package io.enclavesuite.query.history;

import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.enclave.EnclaveFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The Activity feed: what someone's agent did or had done for them, newest first, only where they may read. */
class ActivityFeedTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000a7");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private final RecordedHistory history = new RecordedHistory();
    private MockMvc api;

    @BeforeEach
    void setUp() throws Exception {
        new EnclaveFixture(history.jdbc).active("growth", ALICE, Mode.PRIVATE);
        api = ApiMockMvc.of(new ActivityController(history.jdbc, history.access));
        record("growth", 0, new MemberRegistered(EnclaveId.of("growth"), BOB, T0), 0, "U0ALICE");
        record(ROOM.value(), 0, new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("retro"),
                ALICE, List.of(ALICE, BOB, UserId.of("U0CAROL")), MeetingDuration.ofMinutes(30),
                new SearchRange(T0, T0.plus(Duration.ofDays(2))), T0.plus(Duration.ofDays(2)), null, T0, null), 10, "U0ALICE");
        record(ROOM.value(), 1, new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "team-mates", T0),
                11, "U0ALICE");
    }

    private void record(String aggregate, long sequence, Object event, long minutes, String actor) throws Exception {
        history.record(aggregate, sequence, event, T0.plus(Duration.ofMinutes(minutes)),
                RecordedHistory.metadata(actor, "slack", null, "t-" + aggregate, null));
    }

    @Test
    void whatTheAgentDidForSomeoneNewestFirstWithTheDecisionInWords() throws Exception {
        api.perform(get("/api/feed/activity").with(reader("U0BOB")))
                .andExpect(status().isOk())
                // Bob may not read Alice's private enclave, so his membership there does not show
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].type").value("ParticipationAuthorized"))
                .andExpect(jsonPath("$[0].note").value("U0BOB's agent joined automatically under their rule 'team-mates'"))
                .andExpect(jsonPath("$[0].why.aggregate").value(ROOM.value()))
                .andExpect(jsonPath("$[0].why.sequence").value(1));
        api.perform(get("/api/feed/activity").with(reader("U0ALICE")))
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].type").value("ParticipationAuthorized"))
                .andExpect(jsonPath("$[2].type").value("MemberRegistered"));
        api.perform(get("/api/feed/activity").with(reader("U0ALICE")).param("limit", "1"))
                .andExpect(jsonPath("$.length()").value(1));
        api.perform(get("/api/feed/activity").with(reader("U0ALICE")).param("limit", "0"))
                .andExpect(status().isBadRequest());
        api.perform(get("/api/feed/activity").with(reader("U0EVE")))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void theReconcilersRepairShowsInTheFeedOfTheEnclavesOwnerWithWhoChangedIt() throws Exception {
        record("growth", 1, new EnclaveProvisioningStarted(EnclaveId.of("growth"),
                new ChannelRef(ChannelId.of("C0GROWTH"), "growth"), ALICE, QuotaPreset.SMALL, Mode.PRIVATE,
                "enclave-growth", T0), 1, "U0ALICE");
        record("growth", 2, new DriftRepaired(EnclaveId.of("growth"), "NetworkPolicy", "default-deny", "missing", null,
                T0), 20, "reconciler");
        record("growth", 3, new DriftDetected(EnclaveId.of("growth"), "ResourceQuota", "enclave-quota",
                "changed: spec.hard.pods 99→20", "kubectl-edit", "403 resourcequotas is forbidden", T0), 21,
                "reconciler");

        api.perform(get("/api/feed/activity").with(reader("U0ALICE")))
                .andExpect(jsonPath("$[0].type").value("DriftDetected"))
                .andExpect(jsonPath("$[0].actor").value("reconciler"))
                .andExpect(jsonPath("$[0].note").value("the reconciler found ResourceQuota enclave-quota, changed by "
                        + "kubectl-edit: spec.hard.pods 99→20 (found → restored), and could not put it back: the API "
                        + "server answered 403 resourcequotas is forbidden"))
                .andExpect(jsonPath("$[1].type").value("DriftRepaired"))
                .andExpect(jsonPath("$[1].note").value("the reconciler put back NetworkPolicy default-deny, deleted by "
                        + "someone the API server does not name"))
                .andExpect(jsonPath("$[1].why.aggregate").value("growth"))
                .andExpect(jsonPath("$[1].why.sequence").value(2));
        api.perform(get("/api/feed/activity").with(reader("U0BOB")))
                .andExpect(jsonPath("$[?(@.type == 'DriftRepaired')]").isEmpty());
    }

    @Test
    void newerEventsTheReaderMayNotReadDoNotCutTheFeedShort() throws Exception {
        // Bob's newest events are all in Alice's private enclave, many more than one page of the feed asks for
        for (long sequence = 1; sequence <= 12; sequence++) {
            record("growth", sequence, new MemberRegistered(EnclaveId.of("growth"), BOB, T0), 100 + sequence, "U0BOB");
        }

        api.perform(get("/api/feed/activity").with(reader("U0BOB")).param("limit", "1"))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].why.aggregate").value(ROOM.value()));
    }
}
