package io.enclavesuite.query.history;

import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.enclave.EnclaveFixture;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.api.EnclaveJson.mapper;
import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Time travel: an enclave's and a room's state as of an instant, rebuilt from the events up to it. */
class AsOfTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000b7");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private final RecordedHistory history = new RecordedHistory();
    private MockMvc api;

    @BeforeEach
    void setUp() throws Exception {
        new EnclaveFixture(history.jdbc).active("growth", ALICE, Mode.DEFAULT, BOB);
        api = ApiMockMvc.of(new AsOfController(history.jdbc, history.access));
        record("growth", 0, new EnclaveProvisioningStarted(GROWTH, new ChannelRef(ChannelId.of("C0GROWTH"), "growth"),
                ALICE, QuotaPreset.SMALL, Mode.DEFAULT, "enclave-growth", T0), 0);
        record("growth", 1, new EnclaveActivated(GROWTH, "enclave-growth", T0), 1);
        record("growth", 2, new MemberRegistered(GROWTH, BOB, T0), 10);
        record("growth", 3, new TentacleDeployed(GROWTH, TentacleName.of("report"),
                ContainerImage.of("ghcr.io/acme/report:1.0.0"), null, Mode.DEFAULT, BOB, List.of(), T0), 20);
        record("growth", 4, new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T0), 30);
        record("growth", 5, new TentacleRemoved(GROWTH, TentacleName.of("report"), T0), 40);
        record("growth", 6, new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T0), 50);
        record("growth", 7, new FreezeReasonLifted(GROWTH, FreezeReason.CHANNEL_ARCHIVED,
                List.of(FreezeReason.OWNER_REQUEST), T0), 55);
        record(ROOM.value(), 0, new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("retro"), ALICE,
                List.of(ALICE, BOB, UserId.of("U0CAROL")), MeetingDuration.ofMinutes(30),
                new SearchRange(T0, T0.plus(Duration.ofDays(2))), T0.plus(Duration.ofDays(2)), null, T0, null), 0);
        record(ROOM.value(), 1, new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "mates", T0), 1);
        record(ROOM.value(), 2, new ParticipationApprovalRequested(ROOM, UserId.of("U0CAROL"), "asked", T0), 2);
        record(ROOM.value(), 3, new ParticipationAuthorized(ROOM, UserId.of("U0CAROL"), Authorization.APPROVED, null,
                T0), 30);
        record(ROOM.value(), 4, new CoordinationOpened(ROOM, T0, null), 30);
    }

    private void record(String aggregate, long sequence, Object event, long minutes) throws Exception {
        history.record(aggregate, sequence, event, T0.plus(Duration.ofMinutes(minutes)),
                RecordedHistory.metadata("U0ALICE", "slack", null, null, null));
    }

    @Test
    void anEnclaveAsItWasAtEachInstant() throws Exception {
        api.perform(get("/api/enclaves/growth/as-of").with(reader("U0ALICE")).param("at", "2026-11-23T09:25:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.members[0]").value("U0BOB"))
                .andExpect(jsonPath("$.tentacles.report.image").value("ghcr.io/acme/report:1.0.0"));
        api.perform(get("/api/enclaves/growth/as-of").with(reader("U0ALICE")).param("at", "2026-11-23T09:35:00Z"))
                .andExpect(jsonPath("$.status").value("FROZEN"))
                .andExpect(jsonPath("$.frozenFor").value(contains("channel-archived")))
                .andExpect(jsonPath("$.tentacles.report").exists());
        api.perform(get("/api/enclaves/growth/as-of").with(reader("U0ALICE")).param("at", "2026-11-23T09:52:00Z"))
                .andExpect(jsonPath("$.frozenFor").value(contains("channel-archived", "owner-request")));
        // the channel was unarchived, but its owner's freeze stands
        api.perform(get("/api/enclaves/growth/as-of").with(reader("U0ALICE")).param("at", "2026-11-23T10:00:00Z"))
                .andExpect(jsonPath("$.status").value("FROZEN"))
                .andExpect(jsonPath("$.frozenFor").value(contains("owner-request")))
                .andExpect(jsonPath("$.tentacles.report").doesNotExist());
        api.perform(get("/api/enclaves/growth/as-of").with(reader("U0ALICE")).param("at", "2026-11-23T08:00:00Z"))
                .andExpect(status().isNotFound());
    }

    @Test
    void aRoomAsItWasAndWhoMayAsk() throws Exception {
        api.perform(get("/api/rooms/" + ROOM.value() + "/as-of").with(reader("U0BOB")).param("at", "2026-11-23T09:10:00Z"))
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.participants.U0BOB.authorization").value("auto-executed"))
                .andExpect(jsonPath("$.participants.U0CAROL.authorization").value("awaiting-approval"));
        api.perform(get("/api/rooms/" + ROOM.value() + "/as-of").with(reader("U0BOB")).param("at", "2026-11-23T09:40:00Z"))
                .andExpect(jsonPath("$.status").value("open"))
                .andExpect(jsonPath("$.participants.U0CAROL.authorization").value("approved"));
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/rooms/" + ROOM.value() + "/as-of?at=2026-11-23T09:40:00Z",
                "/api/rooms/room-00000000-0000-0000-0000-0000000000ff/as-of?at=2026-11-23T09:40:00Z");
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/enclaves/growth/as-of?at=2026-11-23T09:40:00Z",
                "/api/enclaves/nowhere/as-of?at=2026-11-23T09:40:00Z");
        api.perform(get("/api/enclaves/growth/as-of").with(reader("U0ALICE")).param("at", "noon"))
                .andExpect(status().isBadRequest());
    }

    /** Who accepted what, as of then: the proposal's number, never its time; the agreed slot once resolved. */
    @Test
    void aRoomsAcceptancesAsOfThenAreProposalNumbers() throws Exception {
        TimeWindow slot = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:30:00Z"));
        record(ROOM.value(), 5, new SlotsProposed(ROOM, List.of(new Proposal(1,
                RoomSeals.sealProposal(RoomSeals.generate().publicKey(), ROOM, 1, slot))), T0), 40);
        record(ROOM.value(), 6, new SlotAccepted(ROOM, BOB, 1, T0), 45);
        // revision 1, from before proposals were numbered: its slot was in clear
        record(ROOM.value(), 7, mapper().readValue("{\"coordinationId\":\"" + ROOM.value() + "\",\"participant\":"
                + "\"U0CAROL\",\"slot\":{\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T10:30:00Z\"},"
                + "\"at\":\"2026-11-23T09:46:00Z\"}", SlotAccepted.class), 46);
        record(ROOM.value(), 8, new CoordinationResolved(ROOM, slot, T0), 50);

        String open = api.perform(get("/api/rooms/" + ROOM.value() + "/as-of").with(reader("U0BOB"))
                        .param("at", "2026-11-23T09:47:00Z"))
                .andExpect(jsonPath("$.status").value("open"))
                .andExpect(jsonPath("$.participants.U0BOB.accepted").value(1))
                .andExpect(jsonPath("$.participants.U0CAROL.accepted").value(nullValue()))
                .andExpect(jsonPath("$.outcome").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        assertThat(open).doesNotContain("2026-12-01", Long.toString(slot.start().getEpochSecond()),
                Long.toString(slot.start().toEpochMilli()));
        api.perform(get("/api/rooms/" + ROOM.value() + "/as-of").with(reader("U0BOB"))
                        .param("at", "2026-11-23T09:55:00Z"))
                .andExpect(jsonPath("$.status").value("resolved"))
                .andExpect(jsonPath("$.outcome.start").value("2026-12-01T10:00:00Z"));
    }
}
