package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection against real PostgreSQL with the service's own migrations: replays and redeliveries (an event
 * whose sequence number the row has already passed) change nothing.
 */
class EnclaveProjectionTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-22T10:00:02Z");

    private EnclaveProjection projection;
    private EnclaveViews views;
    private JdbcTemplate jdbc;

    @BeforeEach
    void freshReadModel() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("enclave_query").defaultSchema("enclave_query")
                .createSchemas(true).locations("classpath:db/migration/enclave-query").load().migrate();
        dataSource.setSchema("enclave_query");
        jdbc = new JdbcTemplate(dataSource);
        projection = new EnclaveProjection(jdbc);
        views = new EnclaveViews(jdbc);
    }

    private static EnclaveProvisioningStarted started(Instant at) {
        return new EnclaveProvisioningStarted(GROWTH, new ChannelRef(ChannelId.of("C0GROWTH"), "growth"),
                UserId.of("U0ALICE"), QuotaPreset.SMALL, Mode.MEMBER_READ, "enclave-growth", at);
    }

    @Test
    void provisioningThenActivationShowsAnActiveEnclave() {
        projection.on(started(T0), 0);
        projection.on(new EnclaveActivated(GROWTH, "enclave-growth", T1), 1);

        EnclaveView view = views.find("growth").orElseThrow();
        assertThat(view.status()).isEqualTo(EnclaveStatus.ACTIVE);
        assertThat(view.owner()).isEqualTo("U0ALICE");
        assertThat(view.channel()).isEqualTo(new EnclaveView.Channel("C0GROWTH", "growth"));
        assertThat(view.defaultMode()).isEqualTo("rwxr-x---");
        assertThat(view.quota()).isEqualTo("small");
        assertThat(view.createdAt()).isEqualTo(T0);
        assertThat(view.activatedAt()).isEqualTo(T1);
    }

    @Test
    void aRedeliveredOlderEventChangesNothing() {
        projection.on(started(T0), 0);
        projection.on(new EnclaveActivated(GROWTH, "enclave-growth", T1), 1);

        projection.on(started(T0), 0); // Kafka redelivery after a rebalance, or a replay without reset

        assertThat(views.find("growth").orElseThrow().status()).isEqualTo(EnclaveStatus.ACTIVE);
    }

    @Test
    void aFailureIsShownWithItsReasonAndANewProvisioningStartsOver() {
        projection.on(started(T0), 0);
        projection.on(new EnclaveProvisioningFailed(GROWTH, "namespace refused", T1), 1);
        assertThat(views.find("growth").orElseThrow().failureReason()).isEqualTo("namespace refused");

        projection.on(started(T1), 2);

        EnclaveView view = views.find("growth").orElseThrow();
        assertThat(view.status()).isEqualTo(EnclaveStatus.PROVISIONING);
        assertThat(view.failureReason()).isNull();
    }

    @Test
    void aResetEmptiesTheReadModelForAReplay() {
        projection.on(started(T0), 0);

        projection.reset();

        assertThat(views.find("growth")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from enclave", Long.class)).isZero();
    }
}
