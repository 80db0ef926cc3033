package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.operability.SagaSteps.Outcome;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.PostgresDatabaseProvisioner;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.database.TestDatabases;
import io.enclavesuite.command.kubernetes.ApiServerOutage;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.EnclaveTeardown;
import io.enclavesuite.command.kubernetes.Fabric8EnclaveTeardown;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.kubernetes.OnDemandServicesTest;
import io.enclavesuite.command.enclave.services.SharedServices;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.TestObjectStorage;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.axonframework.test.saga.SagaTestFixture;
import io.enclavesuite.command.enclave.EnclaveLocks;
import io.enclavesuite.command.binding.CommandDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The deprovisioning saga against a real Kubernetes API through the real fabric8 adapters. */
class DeprovisioningSagaTest {

    private final SagaSteps steps = SagaSteps.unobserved();

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final UserId ALICE = UserId.of("U0ALICE");

    private static final KubernetesClient kubernetes = TestNamespaces.client();
    private final ProvisioningRetryPolicy retry = new ProvisioningRetryPolicy(3, Duration.ofSeconds(2), 2.0,
            Duration.ofSeconds(5));
    private SlowTeardown teardown;
    private SagaTestFixture<DeprovisioningSaga> fixture;
    private EnclaveId enclave;
    private final PostgresDatabaseProvisioner databases = TestDatabases.provisioner();
    private final S3ObjectStorage storage = TestObjectStorage.storage();
    private final Fabric8OnDemandServices onDemand = new Fabric8OnDemandServices(kubernetes, "nats://nats.test:4222",
            "test.example");

    /** A provisioned enclave with a scheduled tentacle, a manual run of it and a long-running one. */
    @BeforeEach
    void provisionedEnclaveWithTentacles() {
        enclave = TestNamespaces.provisioned(kubernetes, "deprovisioning-saga");
        var workloads = new Fabric8TentacleWorkloads(kubernetes);
        workloads.apply(new TentacleWorkload(enclave, TentacleName.of("report"),
                ContainerImage.of("ghcr.io/acme/report:1.0.0"), CronSchedule.of("0 2 * * *"), false, ALICE,
                Mode.DEFAULT, "U0ALICE", "slack", List.of()));
        workloads.run(enclave, TentacleName.of("report"), 1);
        workloads.apply(new TentacleWorkload(enclave, TentacleName.of("api"), ContainerImage.of("ghcr.io/acme/api:2.1"),
                null, false, ALICE, Mode.DEFAULT, "U0ALICE", "slack", List.of()));
        teardown = new SlowTeardown(new Fabric8EnclaveTeardown(kubernetes));
        fixture = new SagaTestFixture<>(DeprovisioningSaga.class);
        fixture.registerResource(teardown);
        fixture.registerResource(new SharedServices(databases, storage, onDemand));
        fixture.registerResource(retry);
        fixture.registerResource(steps);
        fixture.registerResource(new EnclaveLocks(CommandDatabase.migrated().getDataSource()));
        databases.ensureEnclaveDatabase(enclave);
        OnDemandServicesTest.installResourceDefinitions(kubernetes);
        onDemand.ensureIdentity(enclave, TentacleName.of("report"));
        onDemand.ensureMessaging(enclave, TentacleName.of("report"));
        storage.ensureTentaclePrefix(enclave, TentacleData.first(TentacleName.of("report")), 0);
    }

    private EnclaveDeprovisioningStarted started() {
        return new EnclaveDeprovisioningStarted(enclave, ALICE, enclave.namespace(), T0);
    }

    private List<String> leftWithTheEnclaveLabel() {
        var selector = java.util.Map.of(EnclaveLabels.ENCLAVE, enclave.value());
        var ns = kubernetes.namespaces().withName(enclave.namespace()).get();
        return java.util.stream.Stream.of(
                        kubernetes.apps().deployments().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.batch().v1().jobs().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.resourceQuotas().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.network().v1().networkPolicies().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.serviceAccounts().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.rbac().roles().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        kubernetes.rbac().roleBindings().inNamespace(enclave.namespace()).withLabels(selector).list().getItems(),
                        ns == null ? List.<io.fabric8.kubernetes.api.model.HasMetadata>of() : List.of(ns))
                .flatMap(List::stream)
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .toList();
    }

    @Test
    void stopsTentaclesDeletesEverythingAndRecordsWhatWasRemoved() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(started())
               .expectActiveSagas(1)
               // evaluated after the event was handled: what the adapters reported, sorted
               .expectDispatchedCommands(new CompleteDeprovisioning(enclave,
                       List.copyOf(new java.util.TreeSet<>(with(teardown.removed, "Database/" + enclave.namespace(),
                               "Bucket/enclave-" + enclave.value(), "ClusterSPIFFEID/" + enclave.namespace(),
                               "Stream/" + enclave.namespace())))));

        assertThat(leftWithTheEnclaveLabel()).isEmpty();
        assertThat(TestDatabases.exists(enclave)).isFalse();
        assertThat(storage.dropBucket(enclave)).as("the bucket was already gone").isEmpty();
        assertThat(OnDemandServicesTest.clusterSpiffeId(kubernetes, enclave)).isNull();
        assertThat(teardown.removed).contains("Deployment/api", "CronJob/report", "Job/report-run-1",
                "Namespace/" + enclave.namespace(), "ResourceQuota/enclave-quota", "NetworkPolicy/default-deny");
    }

    @Test
    void waitsForATerminatingNamespaceBeforeRecording() {
        teardown.stillTerminatingLooks = 2;

        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(1))
               .expectTriggeredDeadlinesWithName(DeprovisioningSaga.STEP_DEADLINE)
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(Duration.ofSeconds(1), DeprovisioningSaga.STEP_DEADLINE);
        assertThat(steps.count(DeprovisioningSaga.METRIC_NAME, "delete-namespace", Outcome.SUCCEEDED)).isEqualTo(1);
        assertThat(steps.count(DeprovisioningSaga.METRIC_NAME, "await-namespace-gone", Outcome.WAITING)).isEqualTo(2);
        assertThat(steps.count(DeprovisioningSaga.METRIC_NAME, "record", Outcome.SUCCEEDED)).isZero();
    }

    @Test
    void recordsOnceTheNamespaceIsGone() {
        teardown.stillTerminatingLooks = 1;

        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(1))
               .expectTriggeredDeadlinesWithName(DeprovisioningSaga.STEP_DEADLINE)
               .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                       org.axonframework.test.matchers.Matchers.messageWithPayload(
                               org.hamcrest.Matchers.instanceOf(CompleteDeprovisioning.class)),
                       org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void aFailingStepNeverGivesUp() {
        teardown.outage.callsToFail = 10;

        // tries at 0, 2, 6, 11, 16, … s: the backoff grows to its 5 s cap and stays there
        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(36))
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(Duration.ofSeconds(5), DeprovisioningSaga.STEP_DEADLINE);
        assertThat(kubernetes.namespaces().withName(enclave.namespace()).get()).isNotNull();
        assertThat(steps.count(DeprovisioningSaga.METRIC_NAME, "stop-tentacles", Outcome.RETRY_SCHEDULED))
                .isEqualTo(9);
    }

    @Test
    void aStepRepeatedAfterItsWorkIsDoneConverges() {
        new Fabric8EnclaveTeardown(kubernetes).stopTentacles(enclave);

        fixture.givenNoPriorActivity()
               .whenPublishingA(started())
               .expectActiveSagas(1);
        assertThat(leftWithTheEnclaveLabel()).isEmpty();
    }

    @Test
    void theRecordEndsTheSaga() {
        fixture.givenAPublished(started())
               .whenPublishingA(new EnclaveDeprovisioned(enclave, ALICE, List.of(), T0))
               .expectActiveSagas(0);
    }

    /** The real teardown, with a namespace that takes a few looks to disappear and injectable failures. */
    static final class SlowTeardown implements EnclaveTeardown {
        private final EnclaveTeardown real;
        final java.util.List<String> removed = new java.util.ArrayList<>();
        int stillTerminatingLooks;
        final ApiServerOutage outage = new ApiServerOutage();

        SlowTeardown(EnclaveTeardown real) {
            this.real = real;
        }

        @Override
        public List<String> stopTentacles(EnclaveId enclave) {
            outage.check();
            List<String> stopped = real.stopTentacles(enclave);
            removed.addAll(stopped);
            return stopped;
        }

        @Override
        public List<String> deleteNamespace(EnclaveId enclave) {
            outage.check();
            List<String> deleted = real.deleteNamespace(enclave);
            removed.addAll(deleted);
            return deleted;
        }

        @Override
        public boolean namespaceGone(EnclaveId enclave) {
            if (stillTerminatingLooks > 0) {
                stillTerminatingLooks--;
                return false;
            }
            return real.namespaceGone(enclave);
        }
    }

    private static List<String> with(List<String> list, String... more) {
        List<String> all = new java.util.ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }
}
