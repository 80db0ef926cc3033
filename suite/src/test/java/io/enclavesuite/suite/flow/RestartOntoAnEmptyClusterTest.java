package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.kubernetesmock.KubernetesMock;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code bin/enclave-suite} does when it restarts over the same data folder: its Kubernetes is an in-memory API
 * server, empty again, and the write side, at its start, rebuilds every enclave the history holds — namespace,
 * guardrails, tentacles' workloads (a frozen enclave's CronJob still suspended) — without a command; a deprovisioned
 * enclave stays absent.
 */
class RestartOntoAnEmptyClusterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ALICE = "U0ALICE";
    private static SuiteUnderTest suite;
    private static KubernetesMock before;
    private static KubernetesMock after;

    @TempDir
    static Path folder;

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest();
        before = KubernetesMock.start();
        suite.command = suite.start(EnclaveCommandApplication.application(), onCluster(before, "before"));
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        for (KubernetesMock cluster : new KubernetesMock[] {before, after}) {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void aRestartOntoAnEmptyClusterRebuildsEveryEnclaveWithoutACommand() throws Exception {
        provision("kept-active", "C0KEPTACTIVE");
        provision("kept-frozen", "C0KEPTFROZEN");
        provision("let-go", "C0LETGO");
        accepted("kept-frozen", "FreezeEnclave", "{\"enclaveId\":\"kept-frozen\",\"reason\":\"owner-request\"}",
                "C0KEPTFROZEN");
        CommandResult code = suite.execute("let-go", "RequestDeprovision", "{\"enclaveId\":\"let-go\"}", ALICE,
                "C0LETGO");
        accepted("let-go", "ConfirmDeprovision", "{\"enclaveId\":\"let-go\",\"confirmationCode\":\""
                + code.details().get("confirmationCode") + "\"}", "C0LETGO");
        try (KubernetesClient cluster = client(before)) {
            await().atMost(PATIENCE).until(() -> suspended(cluster, "kept-frozen")
                    && cluster.namespaces().withName("enclave-let-go").get() == null
                    && cluster.batch().v1().cronjobs().inNamespace("enclave-kept-active").withName("report").get() != null);
        }

        // the suite stops; its in-memory cluster goes with it; it starts again over the same database and topics
        suite.command.close();
        before.close();
        after = KubernetesMock.start();
        suite.command = suite.start(EnclaveCommandApplication.application(), onCluster(after, "after"));

        try (KubernetesClient cluster = client(after)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(cluster.namespaces().withName("enclave-kept-active").get()).isNotNull();
                assertThat(cluster.network().v1().networkPolicies().inNamespace("enclave-kept-active").list()
                        .getItems()).isNotEmpty();
                assertThat(cluster.batch().v1().cronjobs().inNamespace("enclave-kept-active").withName("report")
                        .get().getSpec().getSuspend()).isFalse();
                assertThat(suspended(cluster, "kept-frozen")).isTrue();
            });
            assertThat(cluster.namespaces().withName("enclave-let-go").get()).isNull();
        }
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("kept-active")
                .contains("io.enclavesuite.api.enclave.DriftRepaired"));
    }

    private static boolean suspended(KubernetesClient cluster, String enclave) {
        CronJob report = cluster.batch().v1().cronjobs().inNamespace("enclave-" + enclave).withName("report").get();
        return report != null && Boolean.TRUE.equals(report.getSpec().getSuspend());
    }

    private static void provision(String enclave, String channel) throws Exception {
        accepted(enclave, "ProvisionEnclave", "{\"enclaveId\":\"" + enclave + "\",\"channel\":{\"id\":\"" + channel
                + "\",\"name\":\"" + enclave + "\"}}", channel);
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes(enclave)
                .contains("io.enclavesuite.api.enclave.EnclaveActivated"));
        accepted(enclave, "DeployTentacle", "{\"enclaveId\":\"" + enclave + "\",\"tentacle\":\"report\","
                + "\"image\":\"ghcr.io/acme/report:1.0.0\",\"schedule\":\"0 2 * * *\"}", channel);
    }

    private static void accepted(String enclave, String type, String payload, String channel) throws Exception {
        CommandResult result = suite.execute(enclave, type, payload, ALICE, channel);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    /** enclave-command on {@code cluster}, through a kubeconfig of its own. */
    private static List<String> onCluster(KubernetesMock cluster, String name) throws Exception {
        Path kubeconfig = Files.writeString(folder.resolve("kubeconfig-" + name), cluster.kubeconfigYaml());
        return List.of("--enclave.kubernetes.kubeconfig=" + kubeconfig);
    }

    private static KubernetesClient client(KubernetesMock cluster) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfigYaml())).build();
    }
}
