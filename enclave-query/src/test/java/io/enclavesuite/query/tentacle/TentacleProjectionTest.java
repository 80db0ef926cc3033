package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.query.enclave.EnclaveFixture;
import io.enclavesuite.query.enclave.EnclaveChanges;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tentacle projection against real PostgreSQL: every tentacle event, and stale events — older than what the
 * enclave has seen — that change nothing. Alice owns the enclave, so she sees every tentacle.
 */
class TentacleProjectionTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final TentacleName REPORT = TentacleName.of("report");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final ContainerImage IMAGE = ContainerImage.of("ghcr.io/acme/report:1.4.2");
    private static final ContainerImage NEWER_IMAGE = ContainerImage.of("ghcr.io/acme/report:1.5.0");
    private static final CronSchedule DAILY = CronSchedule.of("0 6 * * *");
    private static final Instant T1 = Instant.parse("2026-11-22T11:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-22T12:00:00Z");

    private JdbcTemplate jdbc;
    private EnclaveFixture enclaves;
    private TentacleProjection projection;
    private TentacleViews views;
    private EnclaveViews enclaveViews;

    @BeforeEach
    void activeEnclaveWithAMember() {
        jdbc = ReadModelDatabase.fresh();
        enclaves = new EnclaveFixture(jdbc);
        enclaves.active("growth", ALICE, Mode.MEMBER_EDIT, BOB);
        projection = new TentacleProjection(jdbc, new EnclaveChanges(jdbc));
        enclaveViews = new EnclaveViews(jdbc);
        views = new TentacleViews(jdbc, enclaveViews);
    }

    private long next() {
        return enclaves.nextSequence("growth");
    }

    /** Returns the deployment's sequence number. */
    private long deployed() {
        long sequence = next();
        projection.on(new TentacleDeployed(GROWTH, REPORT, IMAGE, DAILY, Mode.MEMBER_EDIT, BOB,
                List.of(Dependency.POSTGRES, Dependency.OBJECT_STORAGE), T1), sequence);
        return sequence;
    }

    private Optional<TentacleView> report() {
        return views.find("growth", "report", ALICE);
    }

    @Test
    void aDeployedTentacleShowsItsSpecificationOwnerAndMode() {
        deployed();

        TentacleView view = report().orElseThrow();
        assertThat(view.enclave()).isEqualTo("growth");
        assertThat(view.image()).isEqualTo("ghcr.io/acme/report:1.4.2");
        assertThat(view.schedule()).isEqualTo("0 6 * * *");
        assertThat(view.mode()).isEqualTo("rwxrwx---");
        assertThat(view.owner()).isEqualTo("U0BOB");
        assertThat(view.dependencies()).containsExactly("object-storage", "postgres");
        assertThat(view.runs()).isZero();
        assertThat(view.deployedAt()).isEqualTo(T1);
        assertThat(enclaveViews.find("growth").orElseThrow().tentacleCount()).isEqualTo(1);
    }

    @Test
    void anUpdateReplacesTheWholeSpecification() {
        deployed();

        projection.on(new TentacleUpdated(GROWTH, REPORT, NEWER_IMAGE, null, List.of(), T2), next());

        TentacleView view = report().orElseThrow();
        assertThat(view.image()).isEqualTo("ghcr.io/acme/report:1.5.0");
        assertThat(view.schedule()).isNull();
        assertThat(view.dependencies()).isEmpty();
        assertThat(view.deployedAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T2);
    }

    @Test
    void aRemovedTentacleIsGone() {
        deployed();

        projection.on(new TentacleRemoved(GROWTH, REPORT, T2), next());

        assertThat(report()).isEmpty();
        assertThat(enclaveViews.find("growth").orElseThrow().tentacleCount()).isZero();
    }

    @Test
    void aRecordedWorkloadFailureShowsUntilTheNextUpdate() {
        deployed();

        projection.on(new TentacleWorkloadFailed(GROWTH, REPORT, "quota exceeded (gave up after 5 attempts)", T1),
                next());
        assertThat(report().orElseThrow().workloadFailure()).isEqualTo("quota exceeded (gave up after 5 attempts)");
        assertThat(report().orElseThrow().workloadFailedAt()).isEqualTo(T1);

        projection.on(new TentacleUpdated(GROWTH, REPORT, NEWER_IMAGE, DAILY, List.of(), T2), next());
        assertThat(report().orElseThrow().workloadFailure()).isNull();
        assertThat(report().orElseThrow().workloadFailedAt()).isNull();
    }

    @Test
    void aRunRequestIsCounted() {
        deployed();

        projection.on(new TentacleRunRequested(GROWTH, REPORT, 1, T1), next());
        projection.on(new TentacleRunRequested(GROWTH, REPORT, 2, T2), next());

        TentacleView view = report().orElseThrow();
        assertThat(view.runs()).isEqualTo(2);
        assertThat(view.lastRunAt()).isEqualTo(T2);
    }

    @Test
    void aModeChangeReplacesTheTentacleMode() {
        deployed();

        projection.on(new TentacleModeChanged(GROWTH, REPORT, Mode.MEMBER_EDIT, Mode.PRIVATE, T2), next());

        assertThat(report().orElseThrow().mode()).isEqualTo("rwx------");
    }

    @Test
    void anOwnershipTransferGivesTheTentacleToItsNewOwner() {
        deployed();

        projection.on(new TentacleOwnershipTransferred(GROWTH, REPORT, BOB, ALICE, OwnershipTransferReason.MEMBER_LEFT,
                T2), next());

        assertThat(report().orElseThrow().owner()).isEqualTo("U0ALICE");
    }

    @Test
    void aRedeliveredOlderUpdateChangesNothing() {
        deployed();
        long firstUpdate = next();
        projection.on(new TentacleUpdated(GROWTH, REPORT, NEWER_IMAGE, DAILY, List.of(), T1), firstUpdate);
        projection.on(new TentacleModeChanged(GROWTH, REPORT, Mode.MEMBER_EDIT, Mode.PRIVATE, T2), next());

        projection.on(new TentacleUpdated(GROWTH, REPORT, IMAGE, DAILY, List.of(), T1), firstUpdate);

        TentacleView view = report().orElseThrow();
        assertThat(view.image()).isEqualTo("ghcr.io/acme/report:1.5.0");
        assertThat(view.mode()).isEqualTo("rwx------");
    }

    @Test
    void aRedeliveredDeploymentDoesNotBringARemovedTentacleBack() {
        long deployment = deployed();
        projection.on(new TentacleRemoved(GROWTH, REPORT, T2), next());

        projection.on(new TentacleDeployed(GROWTH, REPORT, IMAGE, DAILY, Mode.MEMBER_EDIT, BOB, List.of(), T1),
                deployment);

        assertThat(report()).isEmpty();
    }

    @Test
    void aResetEmptiesTheTentaclesForAReplay() {
        deployed();

        projection.reset();

        assertThat(jdbc.queryForObject("select count(*) from tentacle", Long.class)).isZero();
    }

    @Test
    void resettingTheEnclavesTakesTheirTentaclesAlong() {
        deployed();

        enclaves.reset();

        assertThat(jdbc.queryForObject("select count(*) from tentacle", Long.class)).isZero();
    }

    @Test
    void aDeprovisionedEnclaveHasNoTentaclesLeft() {
        deployed();

        enclaves.deprovisioned("growth", ALICE);

        assertThat(report()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from tentacle", Long.class)).isZero();
    }
}
