package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Provisioned enclave namespaces on the test Kubernetes API, a fresh name each, as the provisioning saga makes them. */
public final class TestNamespaces {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static volatile KubernetesClient client;

    /** One client to the test API server for the whole test JVM, closed with it. */
    public static KubernetesClient client() {
        if (client == null) {
            synchronized (TestNamespaces.class) {
                if (client == null) {
                    client = io.enclavesuite.testsupport.TestInfrastructure.get().newKubernetesClient();
                }
            }
        }
        return client;
    }

    /** A new enclave named {@code <prefix>-<n>} whose namespace, guardrails and workload identity exist. */
    public static EnclaveId provisioned(KubernetesClient kubernetes, String prefix) {
        EnclaveId enclave = EnclaveId.of(prefix + "-" + COUNT.incrementAndGet());
        new Fabric8KubernetesProvisioner(kubernetes, new QuotaPresets(null, null)).ensureNamespace(
                EnclaveLabels.namespaceFor(new EnclaveProvisioningStarted(enclave,
                        new ChannelRef(ChannelId.of("C0TEST"), prefix), UserId.of("U0ALICE"), QuotaPreset.SMALL,
                        Mode.DEFAULT, enclave.namespace(), Instant.parse("2026-11-22T10:00:00Z"))));
        return enclave;
    }

    private TestNamespaces() {
    }
}
