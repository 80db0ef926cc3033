package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.kubernetes.EnclaveTeardown;
import io.enclavesuite.command.kubernetes.Fabric8EnclaveTeardown;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command service dies inside a saga step — after the step's Kubernetes call took effect, before the saga
 * recorded it — at each step in turn, and is started again. Every time, the enclave must end where it should,
 * with exactly one of each Kubernetes object while it lives and nothing left after deprovisioning.
 */
class CrashMidSagaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ALICE = "U0ALICE";

    /** The saga steps, each a Kubernetes call the service can die right after. */
    enum Step { CREATE_NAMESPACE, APPLY_WORKLOAD, SUSPEND_FOR_FREEZE, START_RUN, STOP_TENTACLES, DELETE_NAMESPACE }

    private static volatile Step dieAfter;
    private static volatile CountDownLatch died;
    private SuiteUnderTest suite;
    private KubernetesClient kubernetes;

    @AfterEach
    void stop() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void anEnclaveInterruptedAtAnyStepEndsRightAfterARestart(Step step) throws Exception {
        dieAfter = step;
        died = new CountDownLatch(1);
        suite = new SuiteUnderTest();
        suite.query = suite.start(EnclaveQueryApplication.application());
        suite.command = suite.startCommand(DiesAfterAStep.class);
        kubernetes = suite.infrastructure.newKubernetesClient();
        String enclave = "crash-" + step.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String channel = "C0CRASH" + step.ordinal();
        String namespace = "enclave-" + enclave;

        stage(Step.CREATE_NAMESPACE, enclave, channel, "ProvisionEnclave",
                "{\"enclaveId\":\"" + enclave + "\",\"channel\":{\"id\":\"" + channel + "\",\"name\":\"crash\"}}",
                () -> suite.get("/api/enclaves/" + enclave, "U0ALICE").body().contains("\"status\":\"ACTIVE\""));
        assertThat(kubernetes.namespaces().withLabel("enclavesuite.io/enclave", enclave).list().getItems()).hasSize(1);

        stage(Step.APPLY_WORKLOAD, enclave, channel, "DeployTentacle", "{\"enclaveId\":\"" + enclave
                        + "\",\"tentacle\":\"report\",\"image\":\"ghcr.io/acme/report:1.0.0\",\"schedule\":\"0 2 * * *\"}",
                () -> cronJobs(namespace).size() == 1);

        stage(Step.SUSPEND_FOR_FREEZE, enclave, channel, "FreezeEnclave",
                "{\"enclaveId\":\"" + enclave + "\",\"reason\":\"channel-archived\"}",
                () -> Boolean.TRUE.equals(cronJobs(namespace).get(0).getSpec().getSuspend()));
        execute(enclave, channel, "UnfreezeEnclave", "{\"enclaveId\":\"" + enclave + "\",\"reason\":\"channel-archived\"}");
        await().atMost(PATIENCE).until(() -> Boolean.FALSE.equals(cronJobs(namespace).get(0).getSpec().getSuspend()));

        stage(Step.START_RUN, enclave, channel, "RunTentacle",
                "{\"enclaveId\":\"" + enclave + "\",\"tentacle\":\"report\"}",
                () -> kubernetes.batch().v1().jobs().inNamespace(namespace).list().getItems().size() == 1);
        assertThat(cronJobs(namespace)).hasSize(1);

        CommandResult requested = execute(enclave, channel, "RequestDeprovision", "{\"enclaveId\":\"" + enclave + "\"}");
        Step deprovisioningStep = step == Step.DELETE_NAMESPACE ? Step.DELETE_NAMESPACE : Step.STOP_TENTACLES;
        stage(deprovisioningStep, enclave, channel, "ConfirmDeprovision", "{\"enclaveId\":\"" + enclave
                        + "\",\"confirmationCode\":\"" + requested.details().get("confirmationCode") + "\"}",
                // Then the receipt follows on the same stream.
                () -> suite.storedEventTypes(enclave).stream().anyMatch(type -> type.endsWith(".EnclaveDeprovisioned")));
        Map<String, String> label = Map.of("enclavesuite.io/enclave", enclave);
        assertThat(kubernetes.namespaces().withLabels(label).list().getItems()).isEmpty();
        assertThat(kubernetes.batch().v1().cronjobs().inNamespace(namespace).withLabels(label).list().getItems()).isEmpty();
        assertThat(kubernetes.batch().v1().jobs().inNamespace(namespace).withLabels(label).list().getItems()).isEmpty();
        assertThat(kubernetes.resourceQuotas().inNamespace(namespace).withLabels(label).list().getItems()).isEmpty();
        assertThat(kubernetes.network().v1().networkPolicies().inNamespace(namespace).withLabels(label).list().getItems())
                .isEmpty();
        assertThat(kubernetes.serviceAccounts().inNamespace(namespace).withLabels(label).list().getItems()).isEmpty();
        assertThat(died.getCount()).as("the service died once, after " + step).isZero();
    }

    private List<io.fabric8.kubernetes.api.model.batch.v1.CronJob> cronJobs(String namespace) {
        return kubernetes.batch().v1().cronjobs().inNamespace(namespace).list().getItems();
    }

    private CommandResult execute(String enclave, String channel, String type, String payload) throws Exception {
        CommandResult result = suite.execute(enclave, type, payload, ALICE, channel);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        return result;
    }

    /** Sends the command; when this is the step to die at, kills the service inside it and starts it again. */
    private void stage(Step step, String enclave, String channel, String type, String payload,
                       java.util.concurrent.Callable<Boolean> done) throws Exception {
        execute(enclave, channel, type, payload);
        if (step == dieAfter) {
            await().atMost(PATIENCE).until(() -> died.getCount() == 0);
            suite.command.close();
            suite.command = suite.startCommand();
        }
        SagaStepFaults.afterTheKill(PATIENCE).until(done);
    }

    private static void dieIf(Step step) {
        if (step == dieAfter && died.getCount() > 0) {
            died.countDown();
            throw SagaStepFaults.hangUntilStopped();
        }
    }

    private static <T> T andMaybeDie(Step step, Supplier<T> call) {
        T result = call.get();
        dieIf(step);
        return result;
    }

    /** The real adapters, each dying right after the chosen step took effect. */
    @Configuration(proxyBeanMethods = false)
    static class DiesAfterAStep {

        @Bean
        @Primary
        KubernetesProvisioner dyingProvisioner(KubernetesClient client, QuotaPresets quotas) {
            return SagaStepFaults.aroundEachNamespace(client, quotas, spec -> {
            }, spec -> dieIf(Step.CREATE_NAMESPACE));
        }

        @Bean
        @Primary
        TentacleWorkloads dyingWorkloads(KubernetesClient client) {
            TentacleWorkloads real = new Fabric8TentacleWorkloads(client);
            return new TentacleWorkloads() {
                @Override
                public void apply(TentacleWorkload workload) {
                    real.apply(workload);
                    dieIf(workload.suspended() ? Step.SUSPEND_FOR_FREEZE : Step.APPLY_WORKLOAD);
                }

                @Override
                public void run(EnclaveId enclave, TentacleName tentacle, int run) {
                    real.run(enclave, tentacle, run);
                    dieIf(Step.START_RUN);
                }

                @Override
                public void remove(EnclaveId enclave, io.enclavesuite.command.database.TentacleData data) {
                    real.remove(enclave, data);
                }
            };
        }

        @Bean
        @Primary
        EnclaveTeardown dyingTeardown(KubernetesClient client) {
            EnclaveTeardown real = new Fabric8EnclaveTeardown(client);
            return new EnclaveTeardown() {
                @Override
                public List<String> stopTentacles(EnclaveId enclave) {
                    return andMaybeDie(Step.STOP_TENTACLES, () -> real.stopTentacles(enclave));
                }

                @Override
                public List<String> deleteNamespace(EnclaveId enclave) {
                    return andMaybeDie(Step.DELETE_NAMESPACE, () -> real.deleteNamespace(enclave));
                }

                @Override
                public boolean namespaceGone(EnclaveId enclave) {
                    return real.namespaceGone(enclave);
                }
            };
        }
    }
}
