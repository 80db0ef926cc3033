package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.operability.SagaSteps.Outcome;
import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.FailProvisioning;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.command.database.TestDatabases;
import io.enclavesuite.command.kubernetes.ConcurrentWrites;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ID;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.T0;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisioningSagaTest {

    private final SagaSteps steps = SagaSteps.unobserved();

    private final FlakyCluster cluster = new FlakyCluster();
    private final TestDatabases.Flaky databases = new TestDatabases.Flaky(TestDatabases.provisioner());
    private final ProvisioningRetryPolicy retry =
            new ProvisioningRetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1));
    private final ConcurrentWrites writes = ConcurrentWrites.withThreads(2);
    private SagaTestFixture<ProvisioningSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ProvisioningSaga.class);
        fixture.registerResource(cluster);
        fixture.registerResource(databases);
        fixture.registerResource(retry);
        fixture.registerResource(steps);
        fixture.registerResource(writes);
    }

    @AfterEach
    void stopWrites() {
        writes.close();
    }

    @Test
    void createsTheNamespaceAndTheDatabaseThenCompletesProvisioning() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(started())
               .expectActiveSagas(1)
               .expectDispatchedCommands(new CompleteProvisioning(ID, "enclave-growth"))
               .expectNoScheduledDeadlines();
        assertThat(TestDatabases.exists(ID)).isTrue();

        NamespaceSpec namespace = cluster.namespaces.get("enclave-growth");
        assertThat(namespace.enclave()).isEqualTo("growth");
        assertThat(namespace.quota()).isEqualTo(QuotaPreset.MEDIUM);
        assertThat(namespace.labels()).containsEntry(EnclaveLabels.ENCLAVE, "growth")
                                      .containsEntry(EnclaveLabels.MANAGED_BY, "enclave-suite")
                                      .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(namespace.annotations()).containsEntry(EnclaveLabels.OWNER, "U0ALICE")
                                           .containsEntry(EnclaveLabels.CHANNEL_ID, "C0GROWTH")
                                           .containsEntry(EnclaveLabels.CHANNEL_NAME, "growth")
                                           .containsEntry(EnclaveLabels.MODE, "rwxrwx---")
                                           .containsEntry(EnclaveLabels.QUOTA, "medium");
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.NAMESPACE_STEP, Outcome.SUCCEEDED))
                .isEqualTo(1);
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.DATABASE_STEP, Outcome.SUCCEEDED))
                .isEqualTo(1);
    }

    @Test
    void aFailingStepIsRetriedOnADeadlineWithBackoff() {
        cluster.failuresLeft = 1;

        fixture.givenNoPriorActivity()
               .whenPublishingA(started())
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(Duration.ofSeconds(2), ProvisioningSaga.RETRY_DEADLINE);
    }

    @Test
    void theRetryCompletesProvisioningOnceTheClusterAnswers() {
        cluster.failuresLeft = 1;

        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(2))
               .expectTriggeredDeadlinesWithName(ProvisioningSaga.RETRY_DEADLINE)
               .expectDispatchedCommands(new CompleteProvisioning(ID, "enclave-growth"));
        assertThat(cluster.namespaces).containsKey("enclave-growth");
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.NAMESPACE_STEP, Outcome.RETRY_SCHEDULED))
                .isEqualTo(1);
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.NAMESPACE_STEP, Outcome.SUCCEEDED))
                .isEqualTo(1);
    }

    @Test
    void theBackoffGrowsBetweenRetries() {
        cluster.failuresLeft = 2;

        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(2))
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(Duration.ofSeconds(4), ProvisioningSaga.RETRY_DEADLINE);
    }

    @Test
    void afterTheLastTryItRemovesWhatItMadeAndRecordsTheFailure() {
        cluster.failuresLeft = 3;

        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(6))
               .expectDispatchedCommands(new FailProvisioning(ID,
                       "creating namespace enclave-growth failed: API server unavailable (gave up after 3 attempts)"))
               .expectNoScheduledDeadlines();
        assertThat(cluster.removed).containsExactly("enclave-growth");
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.NAMESPACE_STEP, Outcome.RETRY_SCHEDULED))
                .isEqualTo(2);
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.NAMESPACE_STEP, Outcome.GAVE_UP))
                .isEqualTo(1);
        assertThat(steps.count(ProvisioningSaga.METRIC_NAME, ProvisioningSaga.NAMESPACE_STEP, Outcome.SUCCEEDED))
                .isZero();
    }

    @Test
    void theDatabaseFailingToTheLastTryFailsProvisioningAndRemovesTheNamespace() {
        databases.failuresLeft = 3;

        fixture.givenAPublished(started())
               .whenTimeElapses(Duration.ofSeconds(6))
               .expectDispatchedCommands(new FailProvisioning(ID,
                       "creating database enclave-growth failed: database server unavailable (gave up after 3 attempts)"))
               .expectNoScheduledDeadlines();
        assertThat(cluster.removed).containsExactly("enclave-growth");
        assertThat(TestDatabases.exists(ID)).isFalse();
    }

    @Test
    void activationEndsTheSaga() {
        fixture.givenAPublished(started())
               .whenPublishingA(new EnclaveActivated(ID, "enclave-growth", T0))
               .expectActiveSagas(0);
    }

    @Test
    void aRecordedFailureEndsTheSaga() {
        fixture.givenAPublished(started())
               .whenPublishingA(new EnclaveProvisioningFailed(ID, "gave up", T0))
               .expectActiveSagas(0);
    }

    /** An in-memory stand-in for the port that can refuse a number of calls, as an unavailable API server would. */
    static class FlakyCluster implements KubernetesProvisioner {
        final Map<String, NamespaceSpec> namespaces = new HashMap<>();
        final List<String> removed = new ArrayList<>();
        int failuresLeft;

        @Override
        public void ensureNamespace(NamespaceSpec spec) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("API server unavailable");
            }
            namespaces.put(spec.name(), spec);
        }

        @Override
        public void removeNamespace(String name) {
            namespaces.remove(name);
            removed.add(name);
        }
    }
}
