package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.database.DatabaseCredentials;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8EnclaveTeardown;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.enclave.services.SharedServiceWorkloads;
import io.enclavesuite.command.storage.ObjectStorage;
import io.enclavesuite.command.storage.StorageCredentials;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collector;
import java.util.stream.Collectors;

import static io.enclavesuite.deploy.kubernetes.Overlays.NAMESPACE;
import static io.enclavesuite.deploy.kubernetes.Overlays.rendered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * enclave-command's ClusterRole grants exactly what its sagas need: checked against a list written from reading the
 * code, and against the requests its Kubernetes adapters really make (recorded on the fabric8 mock API server)
 * together with the permissions it hands on to each enclave's workloads in their Role, which Kubernetes lets it
 * grant only if it holds them itself.
 */
class RbacTest {

    private static final List<String> MANAGE =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> CONVERGE_AND_TEAR_DOWN = List.of("create", "deletecollection", "get", "list", "update");
    private static final List<String> CREATE_OR_UPDATE_AND_DELETE = List.of("create", "delete", "get", "update");

    /**
     * From the code: {@code Fabric8KubernetesProvisioner} (namespace and guardrails: create-or-update, which reads the
     * object on a conflict), {@code Fabric8EnclaveTeardown} (list and delete by label, kind by kind),
     * {@code Fabric8TentacleWorkloads} (Deployment or CronJob create-or-update, a Job per run, delete),
     * {@code SharedServiceWorkloads} (Secrets and ConfigMaps per tentacle), {@code Fabric8OnDemandServices} (a NACK
     * Stream and a SPIRE ClusterSPIFFEID) and {@code workloadRules()} (what the workloads' Role grants).
     */
    static final Set<Permission> EXPECTED = permissions(
            rule("", List.of("namespaces"), CREATE_OR_UPDATE_AND_DELETE),
            rule("", List.of("configmaps", "secrets", "services"), MANAGE),
            rule("apps", List.of("deployments"), MANAGE),
            rule("batch", List.of("cronjobs", "jobs"), MANAGE),
            rule("", List.of("limitranges", "resourcequotas", "serviceaccounts"), CONVERGE_AND_TEAR_DOWN),
            rule("networking.k8s.io", List.of("networkpolicies"), CONVERGE_AND_TEAR_DOWN),
            rule("rbac.authorization.k8s.io", List.of("rolebindings", "roles"), CONVERGE_AND_TEAR_DOWN),
            rule("", List.of("events", "pods", "pods/log"), List.of("get", "list", "watch")),
            rule("jetstream.nats.io", List.of("streams"), CREATE_OR_UPDATE_AND_DELETE),
            rule("spire.spiffe.io", List.of("clusterspiffeids"), CREATE_OR_UPDATE_AND_DELETE));

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void apiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theClusterRoleGrantsExactlyTheExpectedPermissions(String overlay) {
        Manifests manifests = rendered(overlay);

        assertThat(manifests.all(ClusterRole.class)).singleElement()
                .satisfies(role -> assertThat(Permission.of(role.getRules())).containsExactlyElementsOf(EXPECTED));
        assertThat(manifests.all(Role.class)).isEmpty();
        assertThat(manifests.all(RoleBinding.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyEnclaveCommandHoldsTheRoleAndAnApiToken(String overlay) {
        Manifests manifests = rendered(overlay);

        ClusterRoleBinding binding = manifests.all(ClusterRoleBinding.class).stream().collect(onlyOne());
        assertThat(binding.getRoleRef().getName()).isEqualTo("enclave-command");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo("enclave-command");
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });
        for (Deployment deployment : manifests.all(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            boolean commandSide = deployment.getMetadata().getName().equals("enclave-command");
            assertThat(pod.getServiceAccountName()).isEqualTo(commandSide ? "enclave-command" : deployment.getMetadata().getName());
            assertThat(pod.getAutomountServiceAccountToken()).as(deployment.getMetadata().getName()).isEqualTo(commandSide);
        }
        for (ServiceAccount account : manifests.all(ServiceAccount.class)) {
            assertThat(account.getAutomountServiceAccountToken()).as(account.getMetadata().getName())
                    .isEqualTo(account.getMetadata().getName().equals("enclave-command"));
        }
    }

    @Test
    void whatTheAdaptersDoAndGrantIsExactlyWhatTheClusterRoleHolds() throws InterruptedException {
        installResourceDefinitions();
        drain();
        EnclaveId enclave = EnclaveId.of("growth");
        TentacleName report = TentacleName.of("report");
        Fabric8KubernetesProvisioner provisioner = new Fabric8KubernetesProvisioner(client, new QuotaPresets(null, null));
        Fabric8OnDemandServices onDemand = new Fabric8OnDemandServices(client, "nats://nats:4222", "enclave.test");
        SharedServiceWorkloads workloads = new SharedServiceWorkloads(new Fabric8TentacleWorkloads(client),
                new FixedDatabase(), new FixedStorage(), onDemand, client);
        Fabric8EnclaveTeardown teardown = new Fabric8EnclaveTeardown(client);
        NamespaceSpec namespace = new NamespaceSpec(enclave.namespace(), enclave.value(), QuotaPreset.SMALL,
                EnclaveLabels.ownedBy(enclave.value()), Map.of());

        List<RecordedRequest> requests = new ArrayList<>();
        // every step twice: the first creates, the second takes the create-or-update path's update
        provisioner.ensureNamespace(namespace);
        provisioner.ensureNamespace(namespace);
        requests.addAll(drain());
        Role workloadRole = client.rbac().roles().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.WORKLOADS).get();
        drain();
        TentacleWorkload scheduled = new TentacleWorkload(enclave, report, ContainerImage.of("ghcr.io/acme/report:1.0.0"),
                CronSchedule.of("0 2 * * *"), false, UserId.of("U0ALICE"), Mode.MEMBER_EDIT, "U0ALICE", "slack",
                List.of(Dependency.values()));
        workloads.apply(scheduled);
        workloads.apply(scheduled);
        workloads.run(enclave, report, 1);
        TentacleWorkload longRunning = new TentacleWorkload(enclave, report, ContainerImage.of("ghcr.io/acme/report:1.0.0"),
                null, false, UserId.of("U0ALICE"), Mode.MEMBER_EDIT, "U0ALICE", "slack", List.of());
        workloads.apply(longRunning);
        workloads.apply(longRunning);
        workloads.remove(enclave, TentacleData.first(report));
        workloads.apply(scheduled);
        teardown.stopTentacles(enclave);
        onDemand.removeAll(enclave);
        teardown.deleteNamespace(enclave);
        teardown.namespaceGone(enclave);
        provisioner.removeNamespace(enclave.namespace());
        requests.addAll(drain());

        Set<Permission> used = new TreeSet<>();
        for (RecordedRequest request : requests) {
            used.add(permission(request.getMethod(), request.getPath()));
        }
        Set<Permission> granted = Permission.of(workloadRole.getRules());
        Set<Permission> needed = new TreeSet<>(used);
        needed.addAll(granted);
        Set<Permission> held = Permission.of(rendered("prod").all(ClusterRole.class).get(0).getRules());

        assertThat(used).as("requests the adapters made").isSubsetOf(held);
        assertThat(granted).as("the workloads' Role").isSubsetOf(held);
        assertThat(held).as("held but neither used nor granted").isSubsetOf(needed);
        assertThat(held).isEqualTo(EXPECTED);
    }

    @Test
    void aWildcardRuleIsRefused() {
        assertThatThrownBy(() -> Permission.of(List.of(new PolicyRuleBuilder().withApiGroups("")
                .withResources("secrets").withVerbs("*").build()))).hasMessageContaining("wildcard");
    }

    @Test
    void requestsMapToTheVerbsRbacChecks() {
        assertThat(permission("GET", "/api/v1/namespaces/enclave-a")).isEqualTo(new Permission("", "namespaces", "get"));
        assertThat(permission("GET", "/api/v1/namespaces/enclave-a/secrets?labelSelector=x%3Dy"))
                .isEqualTo(new Permission("", "secrets", "list"));
        assertThat(permission("DELETE", "/apis/apps/v1/namespaces/enclave-a/deployments?labelSelector=x"))
                .isEqualTo(new Permission("apps", "deployments", "deletecollection"));
        assertThat(permission("PUT", "/apis/spire.spiffe.io/v1alpha1/clusterspiffeids/enclave-a"))
                .isEqualTo(new Permission("spire.spiffe.io", "clusterspiffeids", "update"));
        assertThat(permission("GET", "/api/v1/namespaces/enclave-a/pods/p/log"))
                .isEqualTo(new Permission("", "pods/log", "get"));
        assertThat(permission("GET", "/api/v1/namespaces/enclave-a/pods?watch=true"))
                .isEqualTo(new Permission("", "pods", "watch"));
    }

    /** The RBAC permission a request needs, as the API server's request info resolves it. */
    static Permission permission(String method, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        String[] segments = path.replaceFirst("^/", "").split("/");
        String group;
        int rest;
        if (segments[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (segments[0].equals("apis")) {
            group = segments[1];
            rest = 3;
        } else {
            throw new IllegalArgumentException("not a resource request: " + pathAndQuery);
        }
        List<String> parts = List.of(segments).subList(rest, segments.length);
        if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
            parts = parts.subList(2, parts.size()); // namespaced: /namespaces/{ns}/{resource}[/{name}[/{sub}]]
        }
        String resource = parts.get(0) + (parts.size() > 2 ? "/" + parts.get(2) : "");
        boolean named = parts.size() > 1;
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method " + method);
        };
        return new Permission(group, resource, verb);
    }

    private static List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(200, TimeUnit.MILLISECONDS); request != null;
             request = server.takeRequest(200, TimeUnit.MILLISECONDS)) {
            requests.add(request);
        }
        return requests;
    }

    private static void installResourceDefinitions() {
        for (var type : List.of(new String[]{"jetstream.nats.io", "v1beta2", "Stream", "streams", "Namespaced"},
                new String[]{"spire.spiffe.io", "v1alpha1", "ClusterSPIFFEID", "clusterspiffeids", "Cluster"})) {
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(type[3] + "." + type[0]).endMetadata()
                    .withNewSpec().withGroup(type[0]).withScope(type[4])
                    .withNewNames().withKind(type[2]).withPlural(type[3]).withSingular(type[2].toLowerCase()).endNames()
                    .addNewVersion().withName(type[1]).withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                    .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                    .endVersion().endSpec().build()).createOr(NonDeletingOperation::update);
        }
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    private static Set<Permission> permissions(PolicyRule... rules) {
        return Permission.of(List.of(rules));
    }

    private static <T> Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    /** The database side is not under test here: fixed credentials, no PostgreSQL. */
    private static final class FixedDatabase implements DatabaseProvisioner {
        @Override
        public void ensureEnclaveDatabase(EnclaveId enclave) {
        }

        @Override
        public DatabaseCredentials ensureTentacleSchema(EnclaveId enclave, TentacleData data, int deployment) {
            return new DatabaseCredentials("postgres", 5432, enclave.namespace(), "role", "password", data.name());
        }

        @Override
        public void setSchemaAccess(EnclaveId enclave, TentacleData data, Map<TentacleData, SchemaAccess> grants) {
        }

        @Override
        public void closeTentacleLogin(EnclaveId enclave, TentacleData data) {
        }

        @Override
        public void dropTentacleSchema(EnclaveId enclave, TentacleData data) {
        }

        @Override
        public void dropEnclaveDatabase(EnclaveId enclave) {
        }
    }

    /** Nor is the object store: fixed credentials, no S3. */
    private static final class FixedStorage implements ObjectStorage {
        @Override
        public String ensureBucket(EnclaveId enclave) {
            return enclave.namespace();
        }

        @Override
        public StorageCredentials ensureTentaclePrefix(EnclaveId enclave, TentacleData data, int deployment) {
            return new StorageCredentials(URI.create("http://minio:9000"), "us-east-1", enclave.namespace(),
                    "tentacles/" + data.name() + "/", "access", "secret");
        }

        @Override
        public void revokeTentacle(EnclaveId enclave, TentacleData data) {
        }

        @Override
        public void removeTentaclePrefix(EnclaveId enclave, TentacleData data) {
        }

        @Override
        public Optional<String> dropBucket(EnclaveId enclave) {
            return Optional.empty();
        }

        @Override
        public boolean enforcesCredentials() {
            return true;
        }
    }
}
