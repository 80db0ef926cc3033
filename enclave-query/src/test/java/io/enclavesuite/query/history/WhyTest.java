package io.enclavesuite.query.history;

import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.enclave.EnclaveFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * "Why?" over the history: an auto-executed join, a declined join and an archived-channel freeze each lead back to
 * the human or Slack event that started them, with the policy in words.
 */
class WhyTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000f1");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private final RecordedHistory history = new RecordedHistory();
    private final JdbcTemplate jdbc = history.jdbc;
    private MockMvc api;

    @BeforeEach
    void setUp() throws Exception {
        new EnclaveFixture(jdbc).active("growth", ALICE, Mode.DEFAULT, BOB);
        api = ApiMockMvc.of(new WhyController(jdbc, history.access, history.disclosures));

        // Alice's CreateCoordination from Slack, and what the authorization saga did about it (same correlation)
        record(ROOM.value(), 0, new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("retro"), ALICE,
                List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(30), new SearchRange(T0, T0.plus(Duration.ofDays(2))),
                T0.plus(Duration.ofDays(2)), null, T0, null), 0, "U0ALICE", "C0GROWTH", "kafka:slack-gateway", "cmd-create");
        record(ROOM.value(), 1, new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                1, "U0ALICE", "C0GROWTH", "saga", "cmd-create");
        record(ROOM.value(), 2, new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "team-mates", T0),
                2, "U0ALICE", "C0GROWTH", "saga", "cmd-create");
        record(ROOM.value(), 3, new ParticipationApprovalRequested(ROOM, CAROL,
                "no autonomy rules: every invitation is asked", T0), 3, "U0ALICE", "C0GROWTH", "saga", "cmd-create");
        // Carol declines from Slack
        record(ROOM.value(), 4, new CoordinationAborted(ROOM, AbortReason.DECLINED, CAROL, "busy that week", T0), 60,
                "U0CAROL", null, "kafka:slack-gateway", "cmd-decline");
        // the team enclave: activated by the provisioning saga, frozen when Slack reported the channel archived
        record("growth", 1, new EnclaveActivated(EnclaveId.of("growth"), "enclave-growth", T0), 5, "U0ALICE",
                "C0GROWTH", "saga", "cmd-provision");
        record("growth", 2, new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T0), 90,
                "slack-events", "C0GROWTH", "kafka:slack-gateway", "evt-archive");
    }

    private void record(String aggregate, long sequence, Object event, long minutes, String actor, String channel,
                        String via, String trace) throws Exception {
        history.record(aggregate, sequence, event, T0.plus(Duration.ofMinutes(minutes)),
                RecordedHistory.metadata(actor, via, channel, trace, trace + "/" + aggregate + "#" + sequence));
    }

    @Test
    void anAutoExecutedJoinLeadsBackToTheInitiatorsCommandAndNamesTheRule() throws Exception {
        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", ROOM.value()).param("sequence", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.item.type").value("ParticipationAuthorized"))
                .andExpect(jsonPath("$.origin.type").value("CoordinationCreated"))
                .andExpect(jsonPath("$.origin.actor").value("U0ALICE"))
                .andExpect(jsonPath("$.origin.channelId").value("C0GROWTH"))
                .andExpect(jsonPath("$.origin.via").value("kafka:slack-gateway"))
                .andExpect(jsonPath("$.chain.length()").value(4))
                .andExpect(jsonPath("$.policy").value(hasItem(
                        "U0BOB's agent joined automatically under their rule 'team-mates'")))
                .andExpect(jsonPath("$.policy").value(hasItem(
                        "U0CAROL was asked before their agent joins: no autonomy rules: every invitation is asked")))
                .andExpect(jsonPath("$.people").value(hasItem("U0ALICE")))
                .andExpect(jsonPath("$.transitions[0].type").value("CoordinationCreated"));
    }

    @Test
    void aDeclinedJoinLeadsBackToTheDeclineAndSaysWhoAndWhy() throws Exception {
        api.perform(get("/api/why").with(reader("U0ALICE")).param("aggregate", ROOM.value()).param("sequence", "4"))
                .andExpect(jsonPath("$.origin.actor").value("U0CAROL"))
                .andExpect(jsonPath("$.policy[0]").value("the room was aborted: U0CAROL declined (busy that week)"))
                .andExpect(jsonPath("$.transitions[1].type").value("CoordinationAborted"));
    }

    @Test
    void anArchivedChannelFreezeLeadsBackToTheSlackEvent() throws Exception {
        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "2"))
                .andExpect(jsonPath("$.origin.actor").value("slack-events"))
                .andExpect(jsonPath("$.origin.via").value("kafka:slack-gateway"))
                .andExpect(jsonPath("$.policy[0]").value("the enclave froze because its Slack channel was archived"))
                .andExpect(jsonPath("$.transitions[0].type").value("EnclaveActivated"))
                .andExpect(jsonPath("$.transitions[1].type").value("EnclaveFrozen"));
    }

    @Test
    void anUnarchiveThatLeavesTheOwnersFreezeStandingSaysSo() throws Exception {
        EnclaveId growth = EnclaveId.of("growth");
        record("growth", 3, new EnclaveFrozen(growth, FreezeReason.OWNER_REQUEST, T0), 100, "U0ALICE", "C0GROWTH",
                "kafka:slack-gateway", "cmd-freeze");
        record("growth", 4, new FreezeReasonLifted(growth, FreezeReason.CHANNEL_ARCHIVED,
                List.of(FreezeReason.OWNER_REQUEST), T0), 110, "slack-events", "C0GROWTH", "kafka:slack-gateway",
                "evt-unarchive");

        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "4"))
                .andExpect(jsonPath("$.origin.actor").value("slack-events"))
                .andExpect(jsonPath("$.policy[0]").value("its Slack channel was unarchived, but the enclave stays "
                        + "frozen: its owner froze it too"))
                .andExpect(jsonPath("$.transitions[3].type").value("FreezeReasonLifted"));
    }

    @Test
    void aRepairedDriftSaysWhatTheReconcilerFoundAndThatItActedOnItsOwn() throws Exception {
        record("growth", 3, new DriftRepaired(EnclaveId.of("growth"), "NetworkPolicy", "default-deny", "missing", null, T0),
                130, "reconciler", null, "reconciler", "drift-1");

        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.origin.actor").value("reconciler"))
                .andExpect(jsonPath("$.origin.via").value("reconciler"))
                .andExpect(jsonPath("$.policy[0]").value("the reconciler put back NetworkPolicy default-deny, deleted "
                        + "by someone the API server does not name"))
                .andExpect(jsonPath("$.people.length()").value(0));
    }

    @Test
    void aRepairedEditNamesWhoMadeItAndTheDiff() throws Exception {
        record("growth", 3, new DriftRepaired(EnclaveId.of("growth"), "ResourceQuota", "enclave-quota",
                "changed: spec.hard.pods 99→20", "kubectl-edit", T0), 130, "reconciler", null, "reconciler", "drift-2");

        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.item.payload.changedBy").value("kubectl-edit"))
                .andExpect(jsonPath("$.policy[0]").value("the reconciler put back ResourceQuota enclave-quota, "
                        + "changed by kubectl-edit: spec.hard.pods 99→20 (found → restored)"));
    }

    @Test
    void aDetectedDriftSaysWhatWasFoundAndWhyItStays() throws Exception {
        record("growth", 3, new DriftDetected(EnclaveId.of("growth"), "NetworkPolicy", "default-deny",
                "unexpected", "helm", "403 networkpolicies is forbidden", T0), 130, "reconciler", null, "reconciler",
                "drift-3");

        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.policy[0]").value("the reconciler found NetworkPolicy default-deny, added by "
                        + "helm, and could not put it back: the API server answered 403 networkpolicies is forbidden"));
    }

    @Test
    void aPostureFindingSaysWhoAddedTheBindingWhatItGrantsAndThatItStays() throws Exception {
        record("growth", 3, new DriftDetected(EnclaveId.of("growth"), "RoleBinding", "eve-admin",
                "posture: grants ClusterRole admin to User eve beside the suite's own rights", "kubectl-create",
                "not the suite's object: left in place for whoever made it to remove", T0), 131, "reconciler", null,
                "reconciler", "drift-posture");

        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.policy[0]").value("the reconciler's posture check found RoleBinding eve-admin, "
                        + "added by kubectl-create, which grants ClusterRole admin to User eve beside the suite's own "
                        + "rights; not the suite's object: left in place for whoever made it to remove"));
    }

    @Test
    void aChainReachingIntoAnEnclaveTheReaderMayNotReadLeavesThatEnclaveOut() throws Exception {
        // Dave's one sign-in registered him in growth and in Carol's private ledger: one trace, two enclaves
        UserId dave = UserId.of("U0DAVE");
        new EnclaveFixture(jdbc).active("ledger", CAROL, Mode.PRIVATE);
        record("growth", 3, new MemberRegistered(EnclaveId.of("growth"), dave, T0), 120, "U0DAVE", null,
                "kafka:slack-gateway", "evt-sign-in");
        record("ledger", 1, new MemberRegistered(EnclaveId.of("ledger"), dave, T0), 121, "U0DAVE", null,
                "kafka:slack-gateway", "evt-sign-in");

        api.perform(get("/api/why").with(reader("U0BOB")).param("aggregate", "growth").param("sequence", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.chain.length()").value(1))
                .andExpect(jsonPath("$.chain[0].aggregate").value("growth"))
                .andExpect(jsonPath("$.related.length()").value(0));
        api.perform(get("/api/why").with(reader("U0CAROL")).param("aggregate", "ledger").param("sequence", "1"))
                .andExpect(jsonPath("$.origin.aggregate").value("ledger"))
                .andExpect(jsonPath("$.chain.length()").value(1))
                .andExpect(jsonPath("$.related.length()").value(0));
    }

    @Test
    void whoMayNotReadItLearnsNothing() throws Exception {
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/why?aggregate=" + ROOM.value() + "&sequence=2",
                "/api/why?aggregate=room-00000000-0000-0000-0000-0000000000ff&sequence=2");
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/why?aggregate=growth&sequence=2",
                "/api/why?aggregate=nowhere&sequence=2");
        api.perform(get("/api/why").with(reader("U0ALICE")).param("aggregate", "growth").param("sequence", "99"))
                .andExpect(status().isNotFound());
        api.perform(get("/api/why").with(reader("U0ALICE")).param("aggregate", "growth"))
                .andExpect(status().isBadRequest());
    }
}
