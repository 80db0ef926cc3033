package io.enclavesuite.write.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas (each its own connection pool) on one PostgreSQL: exactly one leads; when it stops, when its session is
 * ended under it, or when it cannot take up the work, another leads within a few turns, and the first steps down.
 */
class LeadershipTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private String url;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<Leadership> leaderships = new ArrayList<>();
    /** What each duty did, in order: "a+" took up, "a-" left. */
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void database() {
        url = TestInfrastructure.get().newDatabase();
    }

    @AfterEach
    void stop() {
        leaderships.forEach(Leadership::close);
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void oneReplicaLeadsAndAnotherTakesOverWhenItStops() {
        Leadership a = replica("a", "work");
        Leadership b = replica("b", "work");
        a.start();
        await().atMost(WITHIN).until(a::leading);
        b.start();
        await().during(Duration.ofMillis(800)).atMost(WITHIN).until(() -> a.leading() && !b.leading());

        a.close();
        assertThat(a.leading()).isFalse();
        await().atMost(WITHIN).until(b::leading);
        assertThat(journal).containsExactly("a+", "a-", "b+");
    }

    @Test
    void aLeaderWhoseSessionEndsStepsDownAndTheLeadMoves() {
        Leadership a = replica("a", "work");
        a.start();
        await().atMost(WITHIN).until(a::leading);
        Leadership b = replica("b", "work");
        b.start();

        // the leader's session ends under it, as when the database restarts or drops a vanished client
        JdbcTemplate admin = new JdbcTemplate(pool("admin"));
        admin.execute("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted"
                + " and database = (select oid from pg_database where datname = current_database())");

        await().atMost(WITHIN).until(() -> journal.contains("a-") && (a.leading() ^ b.leading()));
        // b may take the lock the database let go before a's next turn notices: the overlap Leadership allows
        assertThat(journal.get(0)).isEqualTo("a+");
        assertThat(journal).containsSubsequence("a+", "a-").containsOnlyOnce("a-");
    }

    @Test
    void differentWorkIsLedSeparatelyAndAReplicaThatCannotTakeItUpLetsItGo() {
        AtomicInteger refusals = new AtomicInteger(2);
        Leadership refusing = new Leadership(pool("a"), "work", properties("a"), new Leadership.Duty() {
            @Override
            public void take() {
                if (refusals.getAndDecrement() > 0) {
                    throw new IllegalStateException("not yet");
                }
                journal.add("a+");
            }

            @Override
            public void leave() {
                journal.add("a-");
            }
        });
        leaderships.add(refusing);
        Leadership other = replica("b", "other work");
        refusing.start();
        other.start();

        await().atMost(WITHIN).until(() -> refusing.leading() && other.leading());
        assertThat(refusals.get()).isLessThan(0);
        // each refusal stepped down (a leave for the half-taken work) before the lead was tried again
        assertThat(journal).containsSubsequence("a-", "a-", "a+");
    }

    private Leadership replica(String node, String work) {
        Leadership leadership = new Leadership(pool(node), work, properties(node), new Leadership.Duty() {
            @Override
            public void take() {
                journal.add(node + "+");
            }

            @Override
            public void leave() {
                journal.add(node + "-");
            }
        });
        leaderships.add(leadership);
        return leadership;
    }

    private HikariDataSource pool(String name) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(url);
        pool.setUsername(TestInfrastructure.get().postgresUsername());
        pool.setPassword(TestInfrastructure.get().postgresPassword());
        pool.setMaximumPoolSize(3);
        pools.add(pool);
        return pool;
    }

    private static ReplicasProperties properties(String node) {
        return new ReplicasProperties(node, 1, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(200),
                0, Duration.ofMillis(20));
    }
}
