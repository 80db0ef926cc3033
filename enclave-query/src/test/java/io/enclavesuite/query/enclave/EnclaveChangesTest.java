package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.query.enclave.EnclaveChanges.Reads;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A processor batch's changes to enclaves, against real PostgreSQL: applied in memory in event order and written
 * once when the batch commits — the same rows as the same events one at a time, in a handful of statements.
 */
class EnclaveChangesTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final UserId DAVE = UserId.of("U0DAVE");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-22T10:00:02.123456Z");
    private static final Instant T2 = Instant.parse("2026-11-22T11:00:00Z");

    private JdbcTemplate jdbc;
    private final AtomicInteger statements = new AtomicInteger();
    /** The SQL of the statements prepared, in order. */
    private final List<String> prepared = new CopyOnWriteArrayList<>();
    private EnclaveChanges changes;
    private EnclaveProjection projection;

    @BeforeEach
    void freshReadModel() {
        JdbcTemplate database = ReadModelDatabase.fresh();
        jdbc = new JdbcTemplate(counting(database.getDataSource()));
        changes = new EnclaveChanges(jdbc);
        projection = new EnclaveProjection(jdbc, changes);
    }

    /**
     * An enclave's first ten events, as the rebuild benchmark has them: sequences 0 to 9. Nothing but the id depends on
     * the name, so two enclaves' rows can be compared.
     */
    private void life(String name) {
        EnclaveId id = EnclaveId.of(name);
        projection.on(new EnclaveProvisioningStarted(id, new ChannelRef(ChannelId.of("C0TEAM"), "team"), ALICE,
                QuotaPreset.SMALL, Mode.MEMBER_READ, "enclave-team", T0), 0);
        projection.on(new EnclaveActivated(id, "enclave-team", T1), 1);
        projection.on(new SharedServiceReady(id, Dependency.OBJECT_STORAGE, "bucket enclave-team", T1), 2);
        projection.on(new MemberRegistered(id, BOB, T1), 3);
        projection.on(new MemberRegistered(id, CAROL, T1), 4);
        projection.on(new MemberRemoved(id, BOB, T2), 5);
        projection.on(new MemberRegistered(id, BOB, T2), 6);
        deploy(id, "report", 7);
        deploy(id, "digest", 8);
        changes.change(id, Reads.TENTACLES, enclave -> {
            if (enclave.claim(9, T2)) {
                enclave.tentacles().computeIfPresent("report", (key, tentacle) -> tentacle.ran(1, T2));
            }
        });
    }

    private void deploy(EnclaveId id, String tentacle, long sequence) {
        changes.change(id, Reads.TENTACLES, enclave -> {
            if (enclave.claim(sequence, T1)) {
                enclave.tentacles().put(tentacle, TentacleRow.deployed("ghcr.io/acme/" + tentacle + ":1", "0 6 * * *",
                        "rwxr-x---", ALICE.value(), "object-storage", T1));
            }
        });
    }

    /** Every stored column of an enclave's rows but its name. */
    private Map<String, Object> rows(String name) {
        return Map.of(
                "enclave", jdbc.queryForList("select * from enclave where name = ?", name).stream()
                        .peek(row -> row.remove("name")).toList(),
                "members", jdbc.queryForList("select member, registered_at from enclave_member where enclave = ?"
                        + " order by member", name),
                "tentacles", jdbc.queryForList("select * from tentacle where enclave = ? order by name", name).stream()
                        .peek(row -> row.remove("enclave")).toList());
    }

    @Test
    void aBatchWritesWhenItCommitsTheSameRowsAsItsEventsOneByOne() {
        life("growth");

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        life("sales");
        assertThat(jdbc.queryForObject("select count(*) from enclave where name = 'sales'", Integer.class)).isZero();
        batch.commit();

        Map<String, Object> sales = rows("sales");
        assertThat(sales).isEqualTo(rows("growth"));
        assertThat((List<?>) sales.get("members")).hasSize(2);
        assertThat((List<?>) sales.get("tentacles")).hasSize(2);
    }

    @Test
    void aBatchOfAHundredEventsIsSixStatements() {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        for (int enclave = 0; enclave < 10; enclave++) {
            life("team-" + enclave);
        }
        statements.set(0);
        batch.commit();

        // read: enclaves, members, tentacles; written: enclaves, members, tentacles
        assertThat(statements.get()).isEqualTo(6);
        assertThat(jdbc.queryForObject("select count(*) from enclave_member", Integer.class)).isEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from tentacle", Integer.class)).isEqualTo(20);
    }

    @Test
    void aChangeToSomeMembersReadsOnlyThose() {
        life("growth");
        EnclaveId growth = EnclaveId.of("growth");
        Object registeredBefore = jdbc.queryForObject(
                "select registered_at from enclave_member where enclave = 'growth' and member = 'U0BOB'", Object.class);

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new MemberRegistered(growth, DAVE, T2), 10);
        projection.on(new MemberRemoved(growth, CAROL, T2), 11);
        prepared.clear();
        batch.commit();

        assertThat(prepared).contains(EnclaveChanges.READ_NAMED_MEMBERS).doesNotContain(EnclaveChanges.READ_MEMBERS);
        assertThat(jdbc.queryForList("select member from enclave_member where enclave = 'growth' order by 1",
                String.class)).containsExactly("U0BOB", "U0DAVE");
        assertThat(jdbc.queryForObject(
                "select registered_at from enclave_member where enclave = 'growth' and member = 'U0BOB'", Object.class))
                .isEqualTo(registeredBefore);
        assertThat(jdbc.queryForObject("select last_sequence from enclave where name = 'growth'", Long.class))
                .isEqualTo(11);
    }

    @Test
    void anEnclaveWhoseMembersAllGoInTheBatchHasThemAllReadWhileAnotherHasOnlyItsNamedOnes() {
        life("growth");
        life("sales");

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new MemberRegistered(EnclaveId.of("sales"), DAVE, T2), 10);
        projection.on(new MemberRegistered(EnclaveId.of("growth"), DAVE, T2), 10);
        projection.on(new EnclaveDeprovisioned(EnclaveId.of("growth"), ALICE, List.of("enclave-team"), T2), 11);
        prepared.clear();
        batch.commit();

        assertThat(prepared).contains(EnclaveChanges.READ_MEMBERS, EnclaveChanges.READ_NAMED_MEMBERS);
        assertThat(jdbc.queryForList("select member from enclave_member where enclave = 'growth'", String.class))
                .isEmpty();
        assertThat(jdbc.queryForList("select member from enclave_member where enclave = 'sales' order by 1",
                String.class)).containsExactly("U0BOB", "U0CAROL", "U0DAVE");
    }

    @Test
    void aChangeThatTouchesAMemberItDidNotNameFailsAndTheBatchWritesNothing() {
        life("growth");
        EnclaveId growth = EnclaveId.of("growth");

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new MemberRegistered(growth, DAVE, T2), 10);
        changes.change(growth, Reads.members(BOB.value()), enclave -> {
            if (enclave.claim(11, T2)) {
                enclave.removeMember(CAROL.value());
            }
        });

        assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("member U0CAROL of growth was not read");
        assertThat(jdbc.queryForList("select member from enclave_member where enclave = 'growth' order by 1",
                String.class)).containsExactly("U0BOB", "U0CAROL");
        assertThat(jdbc.queryForObject("select last_sequence from enclave where name = 'growth'", Long.class))
                .isEqualTo(9);
    }

    @Test
    void aRolledBackBatchWritesNothing() {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        life("growth");
        batch.rollback();

        assertThat(jdbc.queryForObject("select count(*) from enclave", Integer.class)).isZero();
    }

    @Test
    void anEventTheBatchHasPassedAlreadyChangesNothing() {
        life("growth");

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new MemberRemoved(EnclaveId.of("growth"), CAROL, T2), 10);
        projection.on(new MemberRegistered(EnclaveId.of("growth"), CAROL, T2), 10); // redelivered in the same batch
        projection.on(new MemberRegistered(EnclaveId.of("growth"), CAROL, T2), 4);  // from an earlier batch
        batch.commit();

        assertThat(jdbc.queryForList("select member from enclave_member where enclave = 'growth'", String.class))
                .containsExactly("U0BOB");
        assertThat(jdbc.queryForObject("select last_sequence from enclave where name = 'growth'", Long.class))
                .isEqualTo(10);
    }

    @Test
    void aProvisioningThatStartsOverInTheBatchForgetsTheMembersAndTentaclesStoredBefore() {
        life("growth");
        EnclaveId growth = EnclaveId.of("growth");

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new EnclaveProvisioningFailed(growth, "namespace refused", T2), 10);
        projection.on(new EnclaveProvisioningStarted(growth, new ChannelRef(ChannelId.of("C0GROWTH"), "growth"), CAROL,
                QuotaPreset.MEDIUM, Mode.PRIVATE, "enclave-growth", T2), 11);
        projection.on(new MemberRegistered(growth, ALICE, T2), 12);
        batch.commit();

        assertThat(jdbc.queryForList("select member from enclave_member where enclave = 'growth'", String.class))
                .containsExactly("U0ALICE");
        assertThat(jdbc.queryForObject("select count(*) from tentacle", Integer.class)).isZero();
        assertThat(jdbc.queryForMap("select owner, status, failure_reason, services::text, created_at from enclave"))
                .containsEntry("owner", "U0CAROL").containsEntry("status", "PROVISIONING")
                .containsEntry("failure_reason", null).containsEntry("services", "{}")
                .containsEntry("created_at", java.sql.Timestamp.from(T0));
    }

    @Test
    void theMembersAndTentaclesOfABatchAreLookedUpByIndexEvenWithoutStatistics() {
        // thousands of rows never analysed: the tables early on, or refilled by a rebuild after a reset
        jdbc.execute("alter table enclave_member set (autovacuum_enabled = false)");
        jdbc.execute("alter table tentacle set (autovacuum_enabled = false)");
        jdbc.update("""
                insert into enclave (name, status, owner, channel_id, channel_name, namespace, default_mode, quota,
                                     created_at, updated_at, last_sequence)
                select 'team-' || i, 'ACTIVE', 'U0ALICE', 'C0TEAM', 'team', 'enclave-team', 'rwxr-x---', 'small',
                       now(), now(), 9
                from generate_series(1, 20000) i""");
        jdbc.update("""
                insert into enclave_member (enclave, member, registered_at)
                select 'team-' || i, 'U0' || j, now() from generate_series(1, 20000) i, generate_series(1, 4) j""");
        jdbc.update("""
                insert into tentacle (enclave, name, image, mode, owner, dependencies, runs, deployed_at, updated_at)
                select 'team-' || i, 'report-' || j, 'ghcr.io/acme/report:1', 'rwxr-x---', 'U0ALICE', '', 0, now(), now()
                from generate_series(1, 20000) i, generate_series(1, 2) j""");
        Object[] batch = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "team-" + (i * 7 + 1)).toArray();

        Object[] members = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "U0" + (i % 4 + 1)).toArray();
        for (String read : List.of(EnclaveChanges.READ_MEMBERS, EnclaveChanges.READ_TENTACLES,
                EnclaveChanges.READ_NAMED_MEMBERS)) {
            List<String> plan = jdbc.query(connection -> {
                var statement = connection.prepareStatement("explain " + read);
                statement.setArray(1, connection.createArrayOf("text", batch));
                if (read.equals(EnclaveChanges.READ_NAMED_MEMBERS)) {
                    statement.setArray(2, connection.createArrayOf("text", members));
                }
                return statement;
            }, (row, number) -> row.getString(1));
            assertThat(String.join("\n", plan)).as(read).contains("Index").doesNotContain("Seq Scan");
        }
    }

    /** The data source, counting the statements prepared on its connections. */
    private DataSource counting(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, arguments) -> {
                    Object result = invoke(dataSource, method, arguments);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                                (connectionProxy, connectionMethod, connectionArguments) -> {
                                    if (connectionMethod.getName().startsWith("prepare")
                                            || connectionMethod.getName().equals("createStatement")) {
                                        statements.incrementAndGet();
                                    }
                                    if (connectionMethod.getName().startsWith("prepare")) {
                                        prepared.add((String) connectionArguments[0]);
                                    }
                                    return invoke(connection, connectionMethod, connectionArguments);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
