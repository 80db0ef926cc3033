package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.coordination.CoordinationServiceApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two write services together: an autonomy rule about team enclaves ("meeting syncs started by members of
 * enclaves I belong to") decides from the team-enclave events coordination-service reads off enclave.events.
 */
class CoordinationAcrossServicesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0ACROSS";
    private static SuiteUnderTest suite;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest();
        suite.command = suite.start(EnclaveCommandApplication.application());
        suite.coordination = suite.start(CoordinationServiceApplication.application());
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aTeamMateOfTheInitiatorJoinsByRuleAndAStrangerIsAsked() throws Exception {
        accepted("across", "ProvisionEnclave",
                "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"across\"},\"quota\":\"small\"}", "U0ALICE", CHANNEL);
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("across").stream()
                .anyMatch(type -> type.endsWith("EnclaveActivated")));
        accepted("across", "RegisterMember", "{\"enclaveId\":\"across\",\"member\":\"U0BOB\"}", "U0BOB", CHANNEL);
        accepted("U0BOB", "AddAutonomyRule", "{\"owner\":\"U0BOB\",\"rule\":{\"ruleId\":\"team-mates\","
                + "\"kind\":\"members-of-my-enclaves\"}}", "U0BOB", null);
        // coordination-service learns the membership from enclave.events.
        await().atMost(PATIENCE).until(() -> suite.database.queryForObject("""
                select count(*) from coordination.enclave_directory where enclave = 'across'
                and user_id in ('U0ALICE', 'U0BOB')""", Long.class) == 2);

        String room = "room-" + java.util.UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        accepted(room, "CreateCoordination", "{\"coordinationId\":\"" + room + "\",\"type\":\"meeting-sync\","
                + "\"purpose\":\"retro\",\"participants\":[\"U0BOB\",\"U0CAROL\"],\"duration\":\"PT30M\","
                + "\"range\":{\"from\":\"" + day + "\",\"to\":\"" + day.plus(Duration.ofDays(2)) + "\"}}",
                "U0ALICE", CHANNEL);

        await().atMost(PATIENCE).until(() -> authorizations(room).size() == 2
                && approvalsRequested(room) == 1);
        assertThat(authorizations(room)).containsEntry("U0BOB", "team-mates").containsEntry("U0ALICE", "initiator");
    }

    private static Map<String, String> authorizations(String room) {
        Map<String, String> byParticipant = new java.util.TreeMap<>();
        for (Map<String, Object> row : suite.database.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'participant' as participant,
                       convert_from(payload, 'UTF8')::jsonb ->> 'ruleId' as rule
                from coordination.domainevententry
                where aggregateidentifier = ? and payloadtype like '%.ParticipationAuthorized'""", room)) {
            byParticipant.put((String) row.get("participant"), (String) row.get("rule"));
        }
        return byParticipant;
    }

    private static long approvalsRequested(String room) {
        return suite.database.queryForObject("""
                select count(*) from coordination.domainevententry
                where aggregateidentifier = ? and payloadtype like '%.ParticipationApprovalRequested'""",
                Long.class, room);
    }

    private static void accepted(String key, String type, String payload, String actor, String channel)
            throws Exception {
        CommandResult result = suite.execute(key, type, payload, actor, channel);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
    }
}
