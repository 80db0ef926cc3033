package io.enclavesuite.suite.flow;

import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command service dies after the saga has created the namespace but before CompleteProvisioning is stored.
 * Started again, it must finish the job from the event store: enclave ACTIVE, exactly one namespace.
 */
class RestartMidProvisioningTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final CountDownLatch namespaceCreated = new CountDownLatch(1);
    private SuiteUnderTest suite;

    @AfterEach
    void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void anEnclaveInterruptedMidSagaEndsActiveAfterARestart() throws Exception {
        suite = new SuiteUnderTest();
        suite.query = suite.start(EnclaveQueryApplication.application());
        suite.command = suite.start(EnclaveCommandApplication.application(), DiesAfterTheNamespace.class);

        UUID commandId = UUID.randomUUID();
        suite.send("phoenix", suite.envelope(commandId, "ProvisionEnclave", """
                {"enclaveId":"phoenix","channel":{"id":"C0PHOENIX","name":"phoenix"},"owner":"U0ALICE"}"""));

        await().atMost(PATIENCE).until(() -> namespaceCreated.getCount() == 0);
        suite.command.close(); // the saga is still inside its step: nothing after the namespace was committed
        assertThat(suite.get("/api/enclaves/phoenix").body()).contains("PROVISIONING");
        assertThat(suite.storedEvents("phoenix")).isEqualTo(1);

        suite.command = suite.start(EnclaveCommandApplication.application());

        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/phoenix").body().contains("ACTIVE"));
        assertThat(suite.storedEvents("phoenix")).isEqualTo(2);
        try (KubernetesClient kubernetes = suite.infrastructure.newKubernetesClient()) {
            assertThat(kubernetes.namespaces().withLabel("enclavesuite.io/enclave", "phoenix").list().getItems())
                    .hasSize(1);
        }
    }

    /** Creates the namespace for real, then hangs like a process about to be killed, and dies when stopped. */
    @Configuration(proxyBeanMethods = false)
    static class DiesAfterTheNamespace {

        @Bean
        @Primary
        KubernetesProvisioner dyingProvisioner(KubernetesClient client, QuotaPresets quotas) {
            KubernetesProvisioner real = new Fabric8KubernetesProvisioner(client, quotas);
            return new KubernetesProvisioner() {
                @Override
                public void ensureNamespace(NamespaceSpec spec) {
                    real.ensureNamespace(spec);
                    namespaceCreated.countDown();
                    try {
                        new CountDownLatch(1).await(); // until the context stops and interrupts the processor
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new ProcessKilled();
                }

                @Override
                public void removeNamespace(String name) {
                    real.removeNamespace(name);
                }
            };
        }
    }

    /** An Error, not an exception: the saga's own retry handling must not see it, as it would not see a kill. */
    static class ProcessKilled extends Error {
        ProcessKilled() {
            super("process killed mid-saga (simulated)");
        }
    }
}
