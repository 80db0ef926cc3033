package io.enclavesuite.query.history;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ReadModelDatabase;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.query.history.RecordedHistory.metadata;
import static org.assertj.core.api.Assertions.assertThat;

/** Whom each event of the history concerns ({@code event_party}): what the Activity feed reads by index. */
class EventPartiesTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String PARTIES = "select party || ' ' || aggregate_id || '#' || sequence from event_party"
            + " order by party, aggregate_id, sequence";

    private final RecordedHistory history = new RecordedHistory();

    @Test
    void anEventConcernsItsActorAndThePeopleItNamesEachOnce() throws Exception {
        recordThree(history);

        assertThat(history.jdbc.queryForList(PARTIES, String.class)).containsExactly(
                "U0ALICE growth#2", "U0BOB growth#1", "U0CAROL growth#2", "enclave-operator growth#0");

        history.projection.reset();
        assertThat(history.jdbc.queryForList(PARTIES, String.class)).isEmpty();
    }

    @Test
    void theMigrationFindsThePartiesOfAHistoryKeptBeforeIt() throws Exception {
        JdbcTemplate before = ReadModelDatabase.upTo(MigrationVersion.fromVersion("10"));
        before.update("""
                insert into event_history (event_id, aggregate_id, kind, sequence, type, occurred_at, actor, payload,
                                           metadata)
                values ('growth#0', 'growth', 'team', 0, 'EnclaveActivated', ?, 'enclave-operator',
                        '{"enclaveId":"growth","namespace":"enclave-growth"}', '{}'),
                       ('growth#1', 'growth', 'team', 1, 'MemberRegistered', ?, 'U0BOB',
                        '{"enclaveId":"growth","member":"U0BOB"}', '{}'),
                       ('growth#2', 'growth', 'team', 2, 'EnclaveOwnershipTransferred', ?, 'U0ALICE',
                        '{"enclaveId":"growth","previousOwner":"U0ALICE","newOwner":"U0CAROL"}', '{}')""",
                Timestamp.from(T1), Timestamp.from(T1.plusSeconds(1)),
                Timestamp.from(T1.plusSeconds(2)));

        ReadModelDatabase.migrate(before);

        recordThree(history);
        assertThat(before.queryForList(PARTIES, String.class))
                .isEqualTo(history.jdbc.queryForList(PARTIES, String.class)).hasSize(4);
    }

    @Test
    void driftConcernsWhoeverOwnedTheEnclaveThenAndTheMigrationFindsItInAHistoryKeptBeforeIt() throws Exception {
        JdbcTemplate before = ReadModelDatabase.upTo(MigrationVersion.fromVersion("17"));
        before.update("""
                insert into event_history (event_id, aggregate_id, kind, sequence, type, occurred_at, actor, payload,
                                           metadata)
                values ('growth#0', 'growth', 'team', 0, 'EnclaveProvisioningStarted', ?, 'U0ALICE',
                        '{"enclaveId":"growth","owner":"U0ALICE"}', '{}'),
                       ('growth#1', 'growth', 'team', 1, 'DriftRepaired', ?, 'reconciler',
                        '{"enclaveId":"growth","kind":"NetworkPolicy","name":"default-deny","change":"missing"}', '{}'),
                       ('growth#2', 'growth', 'team', 2, 'EnclaveOwnershipTransferred', ?, 'U0ALICE',
                        '{"enclaveId":"growth","previousOwner":"U0ALICE","newOwner":"U0CAROL"}', '{}'),
                       ('growth#3', 'growth', 'team', 3, 'DriftRepaired', ?, 'reconciler',
                        '{"enclaveId":"growth","kind":"ResourceQuota","name":"enclave-quota","change":"missing"}', '{}')
                """, Timestamp.from(T1), Timestamp.from(T1.plusSeconds(1)), Timestamp.from(T1.plusSeconds(2)),
                Timestamp.from(T1.plusSeconds(3)));

        ReadModelDatabase.migrate(before);

        history.record("growth", 0, new EnclaveProvisioningStarted(GROWTH, new ChannelRef(ChannelId.of("C0GROWTH"),
                "growth"), ALICE, QuotaPreset.SMALL, Mode.DEFAULT, "enclave-growth", T1), T1,
                metadata(ALICE.value(), "slack", null, null, null));
        history.record("growth", 1, new DriftRepaired(GROWTH, "NetworkPolicy", "default-deny", "missing", null, T1),
                T1.plusSeconds(1), metadata("reconciler", "reconciler", null, null, null));
        history.record("growth", 2, new EnclaveOwnershipTransferred(GROWTH, ALICE, CAROL, T1), T1.plusSeconds(2),
                metadata(ALICE.value(), "slack", null, null, null));
        history.record("growth", 3, new DriftRepaired(GROWTH, "ResourceQuota", "enclave-quota", "missing", null, T1),
                T1.plusSeconds(3), metadata("reconciler", "reconciler", null, null, null));
        assertThat(history.jdbc.queryForList(PARTIES, String.class)).containsExactly("U0ALICE growth#0",
                "U0ALICE growth#1", "U0ALICE growth#2", "U0CAROL growth#2", "U0CAROL growth#3",
                "reconciler growth#1", "reconciler growth#3");
        assertThat(before.queryForList(PARTIES, String.class))
                .containsAll(List.of("U0ALICE growth#1", "U0CAROL growth#3"))
                .doesNotContain("U0ALICE growth#3", "U0CAROL growth#1");
    }

    @Test
    void aPersonsFeedIsReadAlongTheIndexesWhateverTheSizeOfTheHistory() {
        JdbcTemplate jdbc = history.jdbc;
        // never analysed, as right after a rebuild: no plan may scan a table
        jdbc.execute("alter table event_party set (autovacuum_enabled = false)");
        jdbc.execute("alter table event_history set (autovacuum_enabled = false)");
        jdbc.update("""
                insert into event_history (event_id, aggregate_id, kind, sequence, type, occurred_at, actor, payload,
                                           metadata)
                select 'e' || i, 'team-' || (i / 10), 'team', i % 10, 'MemberRegistered',
                       timestamp '2026-11-01' + i * interval '1 second', 'U' || (i % 2000), '{}', '{}'
                from generate_series(1, 20000) i""");
        // U0BUSY is party to every event: a person whose feed is the whole history
        jdbc.update("""
                insert into event_party (party, occurred_at, aggregate_id, sequence)
                select actor, occurred_at, aggregate_id, sequence from event_history
                union all select 'U0BUSY', occurred_at, aggregate_id, sequence from event_history""");

        assertThat(plan(jdbc, "U42")).contains("event_party_feed").contains("event_history_pkey")
                .doesNotContain("Seq Scan");

        // with statistics, a page of the busiest feed reads the first entries of the index in order, and stops
        jdbc.execute("analyze event_party");
        jdbc.execute("analyze event_history");
        assertThat(plan(jdbc, "U0BUSY")).contains("Scan using event_party_feed")
                .contains("event_history_pkey").doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    private static String plan(JdbcTemplate jdbc, String party) {
        return String.join("\n", jdbc.query(connection -> {
            var statement = connection.prepareStatement("explain " + ActivityController.EVENTS_OF);
            statement.setString(1, party);
            statement.setInt(2, 200);
            statement.setInt(3, 0);
            return statement;
        }, (row, number) -> row.getString(1)));
    }

    /** The operator activates; Bob registers himself; Alice hands the enclave over to Carol. */
    private static void recordThree(RecordedHistory history) throws Exception {
        history.record("growth", 0, new EnclaveActivated(GROWTH, "enclave-growth", T1), T1,
                metadata("enclave-operator", "kafka:enclave-operator", null, null, null));
        history.record("growth", 1, new MemberRegistered(GROWTH, BOB, T1), T1.plusSeconds(1),
                metadata(BOB.value(), "slack", null, null, null));
        history.record("growth", 2, new EnclaveOwnershipTransferred(GROWTH, ALICE, CAROL, T1), T1.plusSeconds(2),
                metadata(ALICE.value(), "slack", null, null, null));
    }
}
