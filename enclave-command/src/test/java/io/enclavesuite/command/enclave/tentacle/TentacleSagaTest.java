package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.FailTentacleWorkload;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.command.database.TestDatabases;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.kubernetes.OnDemandServicesTest;
import io.enclavesuite.command.enclave.services.SharedServiceWorkloads;
import io.enclavesuite.command.storage.TestObjectStorage;
import io.enclavesuite.command.storage.UnconfiguredObjectStorage;
import io.enclavesuite.command.kubernetes.ApiServerOutage;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.database.TentacleData;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tentacle saga against a real Kubernetes API (test-support's: K3s where Docker answers, the fabric8 mock
 * otherwise) through the real fabric8 adapter; failures are injected in front of it.
 */
class TentacleSagaTest {

    private final SagaSteps steps = SagaSteps.unobserved();

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId DAVE = UserId.of("U0DAVE");
    private static final TentacleName REPORT = TentacleName.of("report");
    private static final ContainerImage IMAGE = ContainerImage.of("ghcr.io/acme/report:1.0.0");
    private static final CronSchedule NIGHTLY = CronSchedule.of("0 2 * * *");
    private static final Map<String, Object> BY_DAVE = Map.of(MetadataKeys.ACTOR, "U0DAVE", MetadataKeys.VIA, "slack");

    private static final KubernetesClient kubernetes = TestNamespaces.client();
    private final ProvisioningRetryPolicy retry = new ProvisioningRetryPolicy(3, Duration.ofSeconds(2), 2.0,
            Duration.ofMinutes(1));
    private FailingFirst workloads;
    private SagaTestFixture<TentacleSaga> fixture;
    private EnclaveId enclave;

    @BeforeEach
    void freshEnclaveNamespace() {
        enclave = TestNamespaces.provisioned(kubernetes, "tentacle-saga");
        workloads = new FailingFirst(new Fabric8TentacleWorkloads(kubernetes));
        fixture = new SagaTestFixture<>(TentacleSaga.class);
        fixture.registerResource(workloads);
        fixture.registerResource(retry);
        fixture.registerResource(steps);
    }

    private TentacleDeployed deployedCron() {
        return new TentacleDeployed(enclave, REPORT, IMAGE, NIGHTLY, Mode.MEMBER_EDIT, DAVE, List.of(Dependency.POSTGRES), T0);
    }

    private CronJob cronJob() {
        return kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).withName("report").get();
    }

    private Deployment deployment() {
        return kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("report").get();
    }

    @Test
    void aScheduledTentacleBecomesACronJobAnnotatedWithWhoDeployedItAndHow() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(deployedCron(), BY_DAVE)
               .expectActiveSagas(1)
               .expectNoDispatchedCommands();

        CronJob cronJob = cronJob();
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(cronJob.getSpec().getSuspend()).isFalse();
        assertThat(cronJob.getMetadata().getLabels()).containsEntry(EnclaveLabels.ENCLAVE, enclave.value());
        assertThat(cronJob.getMetadata().getAnnotations())
                .containsEntry(EnclaveLabels.OWNER, "U0DAVE")
                .containsEntry(EnclaveLabels.MODE, "rwxrwx---")
                .containsEntry(EnclaveLabels.DEPLOYED_BY, "U0DAVE")
                .containsEntry(EnclaveLabels.DEPLOYED_VIA, "slack");
    }

    @Test
    void aTentacleWithoutScheduleBecomesADeployment() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(new TentacleDeployed(enclave, REPORT, IMAGE, null, Mode.PRIVATE, DAVE, List.of(), T0),
                       BY_DAVE);

        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(IMAGE.reference());
        assertThat(cronJob()).isNull();
    }

    @Test
    void anUpdateChangesTheImageInPlace() {
        fixture.givenAPublished(deployedCron())
               .whenPublishingA(new TentacleUpdated(enclave, REPORT, ContainerImage.of("ghcr.io/acme/report:1.1.0"),
                       NIGHTLY, List.of(), T0), BY_DAVE);

        assertThat(cronJob().getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).isEqualTo("ghcr.io/acme/report:1.1.0");
    }

    @Test
    void freezingSuspendsTheCronJobAndUnfreezingResumesIt() {
        fixture.givenAPublished(deployedCron())
               .whenPublishingA(new EnclaveFrozen(enclave, FreezeReason.CHANNEL_ARCHIVED, T0));
        assertThat(cronJob().getSpec().getSuspend()).isTrue();

        fixture.givenAPublished(deployedCron())
               .andThenAPublished(new EnclaveFrozen(enclave, FreezeReason.CHANNEL_ARCHIVED, T0))
               .whenPublishingA(new EnclaveUnfrozen(enclave, FreezeReason.CHANNEL_ARCHIVED, T0));
        assertThat(cronJob().getSpec().getSuspend()).isFalse();
    }

    @Test
    void liftingOneFreezeWhileAnotherStandsKeepsTheCronJobSuspended() {
        fixture.givenAPublished(deployedCron())
               .andThenAPublished(new EnclaveFrozen(enclave, FreezeReason.OWNER_REQUEST, T0))
               .andThenAPublished(new EnclaveFrozen(enclave, FreezeReason.CHANNEL_ARCHIVED, T0))
               .whenPublishingA(new FreezeReasonLifted(enclave, FreezeReason.CHANNEL_ARCHIVED,
                       List.of(FreezeReason.OWNER_REQUEST), T0));
        assertThat(cronJob().getSpec().getSuspend()).isTrue();

        fixture.givenAPublished(deployedCron())
               .andThenAPublished(new EnclaveFrozen(enclave, FreezeReason.OWNER_REQUEST, T0))
               .andThenAPublished(new EnclaveFrozen(enclave, FreezeReason.CHANNEL_ARCHIVED, T0))
               .andThenAPublished(new FreezeReasonLifted(enclave, FreezeReason.CHANNEL_ARCHIVED,
                       List.of(FreezeReason.OWNER_REQUEST), T0))
               .whenPublishingA(new EnclaveUnfrozen(enclave, FreezeReason.OWNER_REQUEST, T0));
        assertThat(cronJob().getSpec().getSuspend()).isFalse();
    }

    @Test
    void anUpdateWhileFrozenKeepsTheCronJobSuspended() {
        fixture.givenAPublished(deployedCron())
               .andThenAPublished(new EnclaveFrozen(enclave, FreezeReason.OWNER_REQUEST, T0))
               .whenPublishingA(new TentacleOwnershipTransferred(enclave, REPORT, DAVE, ALICE,
                       OwnershipTransferReason.MEMBER_LEFT, T0));

        assertThat(cronJob().getSpec().getSuspend()).isTrue();
        assertThat(cronJob().getMetadata().getAnnotations()).containsEntry(EnclaveLabels.OWNER, "U0ALICE");
    }

    @Test
    void aRunRequestStartsAJobFromTheCronJob() {
        fixture.givenAPublished(deployedCron())
               .whenPublishingA(new TentacleRunRequested(enclave, REPORT, 1, T0));

        assertThat(kubernetes.batch().v1().jobs().inNamespace(enclave.namespace()).withName("report-run-1").get())
                .isNotNull();
    }

    @Test
    void removingDeletesTheWorkloadAndEndsTheSaga() {
        fixture.givenAPublished(deployedCron())
               .andThenAPublished(new TentacleRunRequested(enclave, REPORT, 1, T0))
               .whenPublishingA(new TentacleRemoved(enclave, REPORT, T0))
               .expectActiveSagas(0);

        assertThat(cronJob()).isNull();
        assertThat(kubernetes.batch().v1().jobs().inNamespace(enclave.namespace()).list().getItems()).isEmpty();
    }

    /**
     * Dave's report is removed while the API server is down, and Alice deploys the name with data of her own before
     * the removal's retry: the saga takes Dave's deployment's ways in away first — not Alice's — and applies hers.
     */
    @Test
    void aDeploymentArrivingWhileTheLastRemovalIsRetriedRemovesTheLastOneFirst() {
        var given = fixture.givenAPublished(deployedCron());
        workloads.outage.callsToFail = 1;
        given.andThenAPublished(new TentacleRemoved(enclave, REPORT, T0, 0, DAVE))
             .whenPublishingA(new TentacleDeployed(enclave, REPORT, IMAGE, NIGHTLY, Mode.MEMBER_EDIT, ALICE,
                     List.of(Dependency.POSTGRES), T0, 2, 2))
             .expectActiveSagas(1)
             .expectNoDispatchedCommands();

        assertThat(workloads.removed).containsExactly(TentacleData.first(REPORT));
        assertThat(cronJob()).isNotNull();
        assertThat(cronJob().getMetadata().getAnnotations()).containsEntry(EnclaveLabels.OWNER, "U0ALICE");
    }

    @Test
    void aFailingStepIsRetriedOnADeadline() {
        workloads.outage.callsToFail = 1;

        fixture.givenNoPriorActivity()
               .whenPublishingA(deployedCron(), BY_DAVE)
               .expectScheduledDeadlineWithName(Duration.ofSeconds(2), TentacleSaga.RETRY_DEADLINE)
               .expectNoDispatchedCommands();
        assertThat(cronJob()).isNull();
    }

    @Test
    void theRetryAppliesTheWorkloadOnceTheClusterAnswers() {
        workloads.outage.callsToFail = 1;

        fixture.givenAPublished(deployedCron())
               .whenTimeElapses(Duration.ofSeconds(2))
               .expectTriggeredDeadlinesWithName(TentacleSaga.RETRY_DEADLINE)
               .expectNoDispatchedCommands();
        assertThat(cronJob()).isNotNull();
    }

    @Test
    void afterTheLastTryTheFailureIsRecordedOnTheEnclave() {
        workloads.outage.callsToFail = 3;

        fixture.givenAPublished(deployedCron())
               .whenTimeElapses(Duration.ofSeconds(6))
               .expectDispatchedCommands(new FailTentacleWorkload(enclave, REPORT,
                       "applying the workload of tentacle 'report' failed: the API server refused "
                               + "(gave up after 3 attempts)"));
    }

    @Test
    void theRecordedFailureDoesNotEndTheSagaSoTheNextChangeTriesAgain() throws Exception {
        workloads.outage.callsToFail = 3;

        fixture.givenAPublished(deployedCron())
               .andThenTimeElapses(Duration.ofSeconds(6))
               .andThenAPublished(new TentacleWorkloadFailed(enclave, REPORT, "gave up", T0))
               .whenPublishingA(new TentacleUpdated(enclave, REPORT, IMAGE, CronSchedule.of("@hourly"), List.of(), T0))
               .expectActiveSagas(1);
        assertThat(cronJob().getSpec().getSchedule()).isEqualTo("@hourly");
    }

    @Test
    void anOnDemandServiceIsReportedReadyOnceItsWorkloadGotIt() {
        OnDemandServicesTest.installResourceDefinitions(kubernetes);
        fixture = new SagaTestFixture<>(TentacleSaga.class);
        fixture.registerResource(new SharedServiceWorkloads(new Fabric8TentacleWorkloads(kubernetes),
                TestDatabases.provisioner(), TestObjectStorage.storage(), onDemand(), kubernetes));
        fixture.registerResource(retry);
        fixture.registerResource(steps);
        TentacleDeployed withMessaging = new TentacleDeployed(enclave, REPORT, IMAGE, null, Mode.PRIVATE, DAVE,
                List.of(Dependency.MESSAGING), T0);

        fixture.givenNoPriorActivity()
               .whenPublishingA(withMessaging, BY_DAVE)
               .expectDispatchedCommands(new RecordSharedServiceReady(enclave, Dependency.MESSAGING,
                       "set up for tentacle 'report'"));
        fixture.givenAPublished(withMessaging)
               .whenPublishingA(new TentacleModeChanged(enclave, REPORT, Mode.PRIVATE, Mode.DEFAULT, T0))
               .expectNoDispatchedCommands();
        onDemand().removeAll(enclave);
    }

    @Test
    void aSharedServiceThatKeepsFailingIsRecordedWithTheWorkloadsFailure() {
        fixture = new SagaTestFixture<>(TentacleSaga.class);
        fixture.registerResource(new SharedServiceWorkloads(new Fabric8TentacleWorkloads(kubernetes),
                TestDatabases.provisioner(), new UnconfiguredObjectStorage(), onDemand(), kubernetes));
        fixture.registerResource(retry);
        fixture.registerResource(steps);

        fixture.givenAPublished(new TentacleDeployed(enclave, REPORT, IMAGE, null, Mode.PRIVATE, DAVE,
                       List.of(Dependency.OBJECT_STORAGE), T0))
               .whenTimeElapses(Duration.ofSeconds(6))
               .expectDispatchedCommands(
                       new FailTentacleWorkload(enclave, REPORT, "applying the workload of tentacle 'report' failed: "
                               + "object-storage: no object store is configured (enclave.object-storage.endpoint) "
                               + "(gave up after 3 attempts)"),
                       new RecordSharedServiceFailure(enclave, Dependency.OBJECT_STORAGE,
                               "no object store is configured (enclave.object-storage.endpoint) (for tentacle 'report')"));
        assertThat(deployment()).isNull();
    }

    @Test
    void aSharedSchemaIsOpenedToTheGranteeAndClosedAgain() throws Exception {
        var databases = TestDatabases.provisioner();
        fixture = new SagaTestFixture<>(TentacleSaga.class);
        fixture.registerResource(new SharedServiceWorkloads(new Fabric8TentacleWorkloads(kubernetes), databases,
                TestObjectStorage.storage(), onDemand(), kubernetes));
        fixture.registerResource(retry);
        fixture.registerResource(steps);
        TentacleName etl = TentacleName.of("etl");
        var grantee = databases.ensureTentacleSchema(enclave, TentacleData.first(etl), 0);
        var owner = databases.ensureTentacleSchema(enclave, TentacleData.first(REPORT), 0);
        try (var connection = java.sql.DriverManager.getConnection(url(owner), owner.user(), owner.password());
             var statement = connection.createStatement()) {
            statement.execute("create table figures (x int)");
        }

        fixture.givenAPublished(deployedCron())
               .whenPublishingA(new SchemaAccessGranted(enclave, REPORT, etl, SchemaAccess.READ, T0))
               .expectNoDispatchedCommands();
        try (var connection = java.sql.DriverManager.getConnection(url(grantee), grantee.user(), grantee.password());
             var statement = connection.createStatement()) {
            statement.execute("select * from report.figures");
        }

        fixture.givenAPublished(deployedCron())
               .andThenAPublished(new SchemaAccessGranted(enclave, REPORT, etl, SchemaAccess.READ, T0))
               .whenPublishingA(new SchemaAccessRevoked(enclave, REPORT, etl, T0));
        try (var connection = java.sql.DriverManager.getConnection(url(grantee), grantee.user(), grantee.password());
             var statement = connection.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.execute("select * from report.figures"))
                    .hasMessageContaining("permission denied for schema report");
        }
        databases.dropEnclaveDatabase(enclave);
    }

    private static String url(io.enclavesuite.command.database.DatabaseCredentials credentials) {
        return "jdbc:postgresql://" + credentials.host() + ":" + credentials.port() + "/" + credentials.database();
    }

    private Fabric8OnDemandServices onDemand() {
        return new Fabric8OnDemandServices(kubernetes, "nats://nats.test:4222", "test.example");
    }

    @Test
    void deprovisioningEndsTheSaga() {
        fixture.givenAPublished(deployedCron())
               .whenPublishingA(new EnclaveDeprovisioningStarted(enclave, ALICE, enclave.namespace(), T0))
               .expectActiveSagas(0);
    }

    /** The real adapter behind a switch that makes the next calls fail as an unreachable API server would. */
    static final class FailingFirst implements TentacleWorkloads {
        private final TentacleWorkloads real;
        final ApiServerOutage outage = new ApiServerOutage();
        final List<TentacleData> removed = new java.util.ArrayList<>();

        FailingFirst(TentacleWorkloads real) {
            this.real = real;
        }

        @Override
        public void apply(TentacleWorkload workload) {
            outage.check();
            real.apply(workload);
        }

        @Override
        public void run(EnclaveId enclave, TentacleName tentacle, int run) {
            outage.check();
            real.run(enclave, tentacle, run);
        }

        @Override
        public void remove(EnclaveId enclave, TentacleData data) {
            outage.check();
            real.remove(enclave, data);
            removed.add(data);
        }
    }
}
