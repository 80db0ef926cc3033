package io.enclavesuite.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Not a timing test: checks that what the benchmark counts really happened, so its numbers can be trusted. */
class CommandThroughputBenchmarkTest {

    @Test
    void everyCountedCommandLeftItsEventAndItsProcessedRecord() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");

            double perSecond = CommandThroughputBenchmark.axonCommands(url, 2, Duration.ofMillis(300), Duration.ofSeconds(1));

            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"));
            long events = jdbc.queryForObject("select count(*) from enclave_command.domainevententry", Long.class);
            long processed = jdbc.queryForObject("select count(*) from enclave_command.processed_command", Long.class);
            assertThat(perSecond).isPositive();
            assertThat(events).isPositive().isEqualTo(processed);
        }
    }

    @Test
    void rawCommitsAreRowsInTheTable() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");

            double perSecond = CommandThroughputBenchmark.rawCommits(url, 1, Duration.ofMillis(200), Duration.ofMillis(500));

            long rows = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"))
                    .queryForObject("select count(*) from raw_commit", Long.class);
            assertThat(perSecond).isPositive();
            assertThat(rows).isPositive();
        }
    }
}
