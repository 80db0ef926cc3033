package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.ctl.EnclaveCtl;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code enclavectl reconcile} through the whole suite: a dry run names what someone changed in the cluster and
 * changes nothing; a pass as an operator puts it back and records it in the enclave's history; anyone else is refused.
 * The reconciler's own triggers are off here (no informers, no periodic pass), so only the command repairs.
 */
class ReconcileFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ENCLAVE = "reconcile-flow";
    private static final String NAMESPACE = "enclave-" + ENCLAVE;
    private static final String ALICE = "U0ALICE";
    private static final String DRIFT_REPAIRED = "io.enclavesuite.api.enclave.DriftRepaired";
    private static SuiteUnderTest suite;
    private static KubernetesClient cluster;

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest();
        suite.command = suite.start(EnclaveCommandApplication.application(),
                List.of("--enclave.reconcile.informers=false", "--enclave.reconcile.interval=0"));
        suite.query = suite.start(EnclaveQueryApplication.application());
        cluster = suite.infrastructure.newKubernetesClient();
        CommandResult provisioned = suite.execute(ENCLAVE, "ProvisionEnclave",
                "{\"channel\":{\"id\":\"C0RECONCILE\",\"name\":\"" + ENCLAVE + "\"}}", ALICE, "C0RECONCILE");
        assertThat(provisioned.accepted()).as(provisioned.reason()).isTrue();
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes(ENCLAVE)
                .contains("io.enclavesuite.api.enclave.EnclaveActivated"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aDryRunNamesTheDriftAndAnOperatorsPassPutsItBackAsHistory() throws Exception {
        cluster.network().v1().networkPolicies().inNamespace(NAMESPACE).withName(Fabric8KubernetesProvisioner.ALLOW_DNS)
                .delete();
        await().atMost(PATIENCE).until(() -> cluster.network().v1().networkPolicies().inNamespace(NAMESPACE)
                .withName(Fabric8KubernetesProvisioner.ALLOW_DNS).get() == null);
        cluster.resourceQuotas().inNamespace(NAMESPACE).withName(Fabric8KubernetesProvisioner.QUOTA).edit(quota -> {
            quota.getSpec().getHard().put("pods", new Quantity("1"));
            return quota;
        });

        Run dryRun = enclavectl("reconcile", "--enclave", ENCLAVE, "--dry-run", "--as", SuiteUnderTest.OPERATOR);
        assertThat(dryRun.exit()).as(dryRun.err()).isEqualTo(4);
        assertThat(dryRun.out()).contains("NetworkPolicy", Fabric8KubernetesProvisioner.ALLOW_DNS, "missing",
                "ResourceQuota", "spec.hard.pods 1→", "dry run: 2 objects of 1 enclave differ");
        assertThat(cluster.network().v1().networkPolicies().inNamespace(NAMESPACE)
                .withName(Fabric8KubernetesProvisioner.ALLOW_DNS).get()).isNull();
        assertThat(suite.storedEventTypes(ENCLAVE)).doesNotContain(DRIFT_REPAIRED);

        Run notAnOperator = enclavectl("reconcile", "--all", "--as", ALICE);
        assertThat(notAnOperator.exit()).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(notAnOperator.err()).contains("only the operators named in enclave.api.auth.operators");
        assertThat(post("/actuator/reconcile", null).statusCode()).isEqualTo(401);
        Run unknown = enclavectl("reconcile", "--enclave", "never-provisioned", "--as", SuiteUnderTest.OPERATOR);
        assertThat(unknown.exit()).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(unknown.err()).contains("no enclave 'never-provisioned'");
        assertThat(enclavectl("reconcile", "--enclave", "Not_A_Name", "--as", SuiteUnderTest.OPERATOR).err())
                .contains("must be lower-case letters");
        assertThat(enclavectl("reconcile", "--as", SuiteUnderTest.OPERATOR).exit()).isEqualTo(EnclaveCtl.USAGE);

        Run pass = enclavectl("reconcile", "--all", "--as", SuiteUnderTest.OPERATOR);
        assertThat(pass.exit()).as(pass.err()).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(pass.out()).contains("reconciled: 2 objects of 1 enclave put back");
        assertThat(cluster.network().v1().networkPolicies().inNamespace(NAMESPACE)
                .withName(Fabric8KubernetesProvisioner.ALLOW_DNS).get()).isNotNull();
        assertThat(cluster.resourceQuotas().inNamespace(NAMESPACE).withName(Fabric8KubernetesProvisioner.QUOTA).get()
                .getSpec().getHard().get("pods")).isNotEqualTo(new Quantity("1"));
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes(ENCLAVE).stream()
                .filter(DRIFT_REPAIRED::equals).count() == 2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                suite.get("/api/enclaves/" + ENCLAVE + "/history?limit=100", ALICE).body())
                .contains(Fabric8KubernetesProvisioner.ALLOW_DNS));

        Run again = enclavectl("reconcile", "--enclave", ENCLAVE, "--dry-run", "--as", SuiteUnderTest.OPERATOR);
        assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(again.out()).contains("dry run: 0 objects of 1 enclave differ");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run enclavectl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--key-file", TestInfrastructure.API_TOKEN_KEY_FILE.toString(),
                "--command-management-url", "http://localhost:" + SuiteUnderTest.managementPort(suite.command)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = EnclaveCtl.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static HttpResponse<String> post(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + SuiteUnderTest.managementPort(suite.command) + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
