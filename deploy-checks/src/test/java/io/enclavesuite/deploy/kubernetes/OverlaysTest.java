package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.deploy.Repository;
import io.enclavesuite.deploy.SuiteService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.enclavesuite.deploy.kubernetes.Overlays.NAMESPACE;
import static io.enclavesuite.deploy.kubernetes.Overlays.rendered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** k8s/overlays/dev and prod, rendered as kubectl kustomize would and loaded as typed objects. */
class OverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadMeetsThePolicy(String overlay) {
        List<HasMetadata> workloads = rendered(overlay).objects().stream()
                .filter(object -> WorkloadPolicy.podSpec(object).isPresent()).toList();

        assertThat(workloads).hasSizeGreaterThanOrEqualTo(SuiteService.ALL.size());
        assertThat(workloads.stream().flatMap(w -> WorkloadPolicy.violations(w).stream())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectUsesOnlyFieldsTheApiKnowsAndLivesInTheSuitesNamespace(String overlay) {
        for (HasMetadata object : rendered(overlay).objects()) {
            assertThat(UnknownFields.in(object)).as(Manifests.describe(object)).isEmpty();
            if (!Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "ValidatingAdmissionPolicy",
                    "ValidatingAdmissionPolicyBinding").contains(object.getKind())) {
                assertThat(object.getMetadata().getNamespace()).as(Manifests.describe(object)).isEqualTo(NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValueIsCommitted(String overlay) {
        assertThat(rendered(overlay).all(Secret.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceRunsItsImageWithProbesAndMetricsOnAManagementPortTheServiceDoesNotPublish(String overlay) {
        Manifests manifests = rendered(overlay);
        for (SuiteService service : SuiteService.ALL) {
            Deployment deployment = manifests.named(Deployment.class, service.module()).orElseThrow();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo(service.image(Repository.version()));
            assertThat(container.getPorts()).as(service.module())
                    .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .containsExactlyInAnyOrder(tuple("http", service.port()), tuple("management", service.managementPort()));
            assertThat(env(container)).as(service.module())
                    .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(service.managementPort()));
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
                    .as(service.module()).allSatisfy(probe ->
                            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
            assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", String.valueOf(service.managementPort()));

            // the Service carries the API only: the actuator is reached on the pod, by Prometheus and the kubelet
            Service front = manifests.named(Service.class, service.module()).orElseThrow();
            assertThat(front.getSpec().getSelector()).isNotEmpty();
            assertThat(podLabels).containsAllEntriesOf(front.getSpec().getSelector());
            assertThat(front.getSpec().getPorts()).as(service.module()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).isEqualTo(service.port());
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });

            PodDisruptionBudget budget = manifests.named(PodDisruptionBudget.class, service.module()).orElseThrow();
            assertThat(budget.getSpec().getSelector().getMatchLabels()).isNotEmpty();
            assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

            String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
            assertThat(manifests.named(ServiceAccount.class, account)).as(service.module() + "'s account").isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSuiteImagesAreExactlyTheBuiltServicesAtTheProjectVersion(String overlay) {
        Set<String> suiteImages = rendered(overlay).objects().stream()
                .flatMap(object -> WorkloadPolicy.podSpec(object).stream())
                .flatMap(pod -> pod.getContainers().stream()).map(Container::getImage)
                .filter(SuiteService::isSuiteImage).collect(Collectors.toSet());

        assertThat(suiteImages).isEqualTo(SuiteService.ALL.stream()
                .map(service -> service.image(Repository.version())).collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAndPostgresqlAreOperatorManaged(String overlay) {
        Manifests manifests = rendered(overlay);
        GenericKubernetesResource kafka = single(manifests.custom("kafka.strimzi.io/v1beta2", "Kafka"));
        assertThat(kafka.getMetadata().getName()).isEqualTo("enclave-kafka");
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled").containsEntry("strimzi.io/node-pools", "enabled");
        GenericKubernetesResource pool = single(manifests.custom("kafka.strimzi.io/v1beta2", "KafkaNodePool"));
        assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "enclave-kafka");
        assertThat(pool.<List<Object>>get("spec", "roles")).containsExactlyInAnyOrder("controller", "broker");
        GenericKubernetesResource postgres = single(manifests.custom("postgresql.cnpg.io/v1", "Cluster"));
        assertThat(postgres.getMetadata().getName()).isEqualTo("enclave-postgres");
        assertThat((String) postgres.get("spec", "imageName")).contains("postgresql:16.");

        // the services are pointed at what the operators create
        var config = manifests.named(ConfigMap.class, "enclave-suite-config")
                .orElseThrow().getData();
        assertThat(config.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://enclave-postgres-rw:5432/");
        assertThat(config.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("enclave-kafka-kafka-bootstrap:9093");
    }

    @Test
    void prodReplicatesKafkaAndPostgresqlAndScalesTheReadSideOut() {
        Manifests dev = rendered("dev");
        Manifests prod = rendered("prod");

        GenericKubernetesResource pool = single(prod.custom("kafka.strimzi.io/v1beta2", "KafkaNodePool"));
        assertThat(((Number) pool.get("spec", "replicas")).intValue()).isEqualTo(3);
        GenericKubernetesResource kafka = single(prod.custom("kafka.strimzi.io/v1beta2", "Kafka"));
        assertThat(((Number) kafka.get("spec", "kafka", "config", "min.insync.replicas")).intValue()).isEqualTo(2);
        assertThat(((Number) single(prod.custom("postgresql.cnpg.io/v1", "Cluster")).get("spec", "instances")).intValue())
                .isEqualTo(3);
        assertThat(prod.named(ConfigMap.class, "enclave-suite-config").orElseThrow()
                .getData()).containsEntry("ENCLAVE_KAFKA_REPLICATION_FACTOR", "3");

        assertThat(replicas(prod, "enclave-query")).isGreaterThan(replicas(dev, "enclave-query")).isGreaterThan(1);
        // the read models' processor split into segments, and every replica able to run all of its
        Map<String, String> env = prod.named(Deployment.class, "enclave-query").orElseThrow().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getEnv().stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        for (String processor : List.of("PROJECTIONS")) { // the read models' shared processor
            String segments = env.get("AXON_EVENTHANDLING_PROCESSORS_" + processor + "_INITIALSEGMENTCOUNT");
            assertThat(segments).as(processor).isNotNull();
            assertThat(Integer.parseInt(segments)).as(processor).isGreaterThan(1);
            assertThat(env.get("AXON_EVENTHANDLING_PROCESSORS_" + processor + "_THREADCOUNT")).as(processor)
                    .isEqualTo(segments);
        }
    }

    /** Every service's database login is CloudNativePG's Secret: none is written in a manifest. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceLogsInToPostgresqlWithTheSecretOfTheCluster(String overlay) {
        Manifests manifests = rendered(overlay);
        for (SuiteService service : SuiteService.ALL) {
            Map<String, EnvVar> env = manifests.named(Deployment.class, service.module()).orElseThrow().getSpec()
                    .getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, variable -> variable));
            for (String credential : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
                EnvVar variable = env.get(credential);
                assertThat(variable).as(service.module() + " " + credential).isNotNull();
                assertThat(variable.getValue()).as(service.module() + " " + credential).isNull();
                assertThat(variable.getValueFrom().getSecretKeyRef().getName()).as(service.module() + " " + credential)
                        .isEqualTo("enclave-postgres-app");
            }
        }
    }

    /**
     * Every service keeps nothing in a pod that another replica could not take over (sessions, claims, outboxes and
     * the leaders' work are in PostgreSQL and Kafka): an update brings a new pod up, ready, before an old one goes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceRollsOutWithoutGoingDown(String overlay) {
        for (SuiteService service : SuiteService.ALL) {
            Deployment deployment = rendered(overlay).named(Deployment.class, service.module()).orElseThrow();
            var strategy = deployment.getSpec().getStrategy();
            assertThat(strategy.getType()).as(service.module()).isEqualTo("RollingUpdate");
            assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).as(service.module()).isZero();
            assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).as(service.module()).isEqualTo(1);
        }
    }

    /** Production runs two or more of every service, spread over nodes, and a drain leaves one of each up. */
    @Test
    void prodRunsEveryServiceTwiceOrMoreOnSeparateNodesAndADrainKeepsOneUp() {
        Manifests prod = rendered("prod");
        for (SuiteService service : SuiteService.ALL) {
            Deployment deployment = prod.named(Deployment.class, service.module()).orElseThrow();
            assertThat(deployment.getSpec().getReplicas()).as(service.module()).isGreaterThanOrEqualTo(2);

            PodDisruptionBudget budget = prod.named(PodDisruptionBudget.class, service.module()).orElseThrow();
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).as(service.module()).isEqualTo(1);
            assertThat(budget.getSpec().getMaxUnavailable()).as(service.module()).isNull();
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).as(service.module())
                    .isLessThan(deployment.getSpec().getReplicas());

            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).as(service.module())
                    .anySatisfy(spread -> {
                        assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                        assertThat(spread.getMaxSkew()).isEqualTo(1);
                        // a preference: a cluster with one node still runs every replica
                        assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                        assertThat(podLabels).containsAllEntriesOf(spread.getLabelSelector().getMatchLabels());
                        assertThat(spread.getLabelSelector().getMatchLabels())
                                .containsEntry("app.kubernetes.io/name", service.module());
                    });
        }
    }

    /** dev runs one of each: its budgets let that pod go, or no drain would ever finish. */
    @Test
    void devRunsOneOfEachAndADrainMayTakeIt() {
        Manifests dev = rendered("dev");
        for (SuiteService service : SuiteService.ALL) {
            assertThat(replicas(dev, service.module())).as(service.module()).isEqualTo(1);
            PodDisruptionBudget budget = dev.named(PodDisruptionBudget.class, service.module()).orElseThrow();
            assertThat(budget.getSpec().getMinAvailable()).as(service.module()).isNull();
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(service.module()).isEqualTo(1);
        }
    }

    /**
     * Each replica of a write service claims segments and leads work under its own name
     * ({@code enclave.replicas.node-id}, bound from {@code ENCLAVE_REPLICAS_NODEID}): the pod's, from the downward API.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachWriteReplicaIsNamedAfterItsPod(String overlay) {
        for (String writeService : SuiteService.WRITE_SERVICES) {
            EnvVar nodeId = rendered(overlay).named(Deployment.class, writeService).orElseThrow().getSpec()
                    .getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(variable -> variable.getName().equals("ENCLAVE_REPLICAS_NODEID")).findFirst()
                    .orElseThrow(() -> new AssertionError(writeService + ": no ENCLAVE_REPLICAS_NODEID"));
            assertThat(nodeId.getValue()).as(writeService).isNull();
            assertThat(nodeId.getValueFrom().getFieldRef().getFieldPath()).as(writeService).isEqualTo("metadata.name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheWriteServicesMountTheReceiptSigningKey(String overlay) {
        Manifests manifests = rendered(overlay);
        for (SuiteService service : SuiteService.ALL) {
            Set<String> secrets = manifests.named(Deployment.class, service.module()).orElseThrow().getSpec()
                    .getTemplate().getSpec().getVolumes().stream().filter(volume -> volume.getSecret() != null)
                    .map(volume -> volume.getSecret().getSecretName()).collect(Collectors.toSet());
            assertThat(secrets.contains("enclave-receipts-signing-key")).as(service.module())
                    .isEqualTo(SuiteService.WRITE_SERVICES.contains(service.module()));
        }
        assertThat(manifests.named(Deployment.class, "enclave-query").orElseThrow().getSpec().getTemplate().getSpec()
                .getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .anySatisfy(volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo("enclave-receipts-public-key"));
    }

    /**
     * The KEK that wraps every room's private key comes from its own Secret, mounted read-only into coordination-service
     * alone (not optional: without it no room opens), and the service reads it from there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyCoordinationServiceMountsTheRoomKeysKek(String overlay) {
        Manifests manifests = rendered(overlay);
        for (SuiteService service : SuiteService.ALL) {
            PodSpec pod = manifests.named(Deployment.class, service.module()).orElseThrow().getSpec().getTemplate()
                    .getSpec();
            List<Volume> kek = pod.getVolumes().stream().filter(volume -> volume.getSecret() != null
                    && volume.getSecret().getSecretName().equals("enclave-coordination-kek")).toList();
            if (!service.module().equals("coordination-service")) {
                assertThat(kek).as(service.module()).isEmpty();
                continue;
            }
            assertThat(kek).hasSize(1);
            assertThat(kek.get(0).getSecret().getOptional()).isNotEqualTo(Boolean.TRUE);
            Container container = pod.getContainers().get(0);
            VolumeMount mount = container.getVolumeMounts().stream()
                    .filter(candidate -> candidate.getName().equals(kek.get(0).getName())).findFirst().orElseThrow();
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(env(container).get("COORDINATION_KEY_ENCRYPTION_KEY_FILE")).startsWith(mount.getMountPath() + "/");
        }
    }

    /** Each service speaks to Kafka as its own KafkaUser, over TLS, with the credentials Strimzi wrote for it. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceAuthenticatesToKafkaAsItsOwnUserOverTls(String overlay) {
        Manifests manifests = rendered(overlay);
        Map<String, String> config = manifests.named(ConfigMap.class, "enclave-suite-config").orElseThrow().getData();
        for (String client : List.of("SPRING", "AXON")) {
            assertThat(config).containsEntry(client + "_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry(client + "_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry(client + "_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION", "/var/lib/enclave/kafka-ca/ca.crt");
        }
        for (SuiteService service : SuiteService.ALL) {
            Container container = manifests.named(Deployment.class, service.module()).orElseThrow().getSpec()
                    .getTemplate().getSpec().getContainers().get(0);
            // the gateway and the console use Spring's Kafka clients only, no Axon
            List<String> clients = List.of("slack-gateway", "console").contains(service.module()) ? List.of("SPRING")
                    : List.of("SPRING", "AXON");
            for (String client : clients) {
                EnvVar jaas = container.getEnv().stream()
                        .filter(variable -> variable.getName().equals(client + "_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
                        .findFirst().orElseThrow(() -> new AssertionError(service.module() + ": no " + client + " JAAS"));
                assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-user-" + service.module());
                assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
            }
            assertThat(container.getVolumeMounts()).as(service.module())
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/lib/enclave/kafka-ca"));
        }
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static int replicas(Manifests manifests, String deployment) {
        return manifests.named(Deployment.class, deployment).orElseThrow().getSpec().getReplicas();
    }

    private static GenericKubernetesResource single(List<GenericKubernetesResource> resources) {
        assertThat(resources).hasSize(1);
        return resources.get(0);
    }
}
