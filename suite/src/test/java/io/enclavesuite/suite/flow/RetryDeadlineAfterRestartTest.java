package io.enclavesuite.suite.flow;

import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provisioning saga's retry is a persistent deadline: scheduled by one process, it fires in the next one.
 */
class RetryDeadlineAfterRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final AtomicInteger refusals = new AtomicInteger();
    private SuiteUnderTest suite;

    @AfterEach
    void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aRetryScheduledBeforeAStopFiresAfterTheRestart() throws Exception {
        suite = new SuiteUnderTest();
        suite.query = suite.start(EnclaveQueryApplication.application());
        suite.command = suite.start(EnclaveCommandApplication.application(), ClusterDown.class);

        suite.send("later", suite.envelope(UUID.randomUUID(), "ProvisionEnclave", """
                {"enclaveId":"later","channel":{"id":"C0LATER","name":"later"},"owner":"U0ALICE"}"""));

        await().atMost(PATIENCE).until(() -> pendingDeadlines() == 1);
        suite.command.close(); // before the deadline (2 s backoff) is due
        assertThat(refusals.get()).isEqualTo(1);
        // the read side follows the events on its own time
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/later", "U0ALICE").body().contains("PROVISIONING"));

        suite.command = suite.start(EnclaveCommandApplication.application());

        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/later", "U0ALICE").body().contains("ACTIVE"));
        assertThat(refusals.get()).isEqualTo(1);
        assertThat(pendingDeadlines()).isZero();
        // provisioned once: no event twice, and the bucket reported after the activation
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.storedEventTypes("later"))
                .isEqualTo(SuiteUnderTest.PROVISIONED));
        try (KubernetesClient kubernetes = suite.infrastructure.newKubernetesClient()) {
            assertThat(kubernetes.namespaces().withName("enclave-later").get()).isNotNull();
        }
    }

    private long pendingDeadlines() {
        return suite.database.queryForObject(
                "select count(*) from enclave_command.scheduled_tasks where task_name = 'AxonDeadline'", Long.class);
    }

    /** A Kubernetes API that refuses every call, as one that is down would. */
    @Configuration(proxyBeanMethods = false)
    static class ClusterDown {

        @Bean
        @Primary
        KubernetesProvisioner unavailableCluster() {
            return new KubernetesProvisioner() {
                @Override
                public void ensureNamespace(NamespaceSpec spec) {
                    refusals.incrementAndGet();
                    throw new IllegalStateException("connection refused (simulated outage)");
                }

                @Override
                public void removeNamespace(String name) {
                    throw new IllegalStateException("connection refused (simulated outage)");
                }
            };
        }
    }
}
