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
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
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
 * enclave-command's rights come in two ClusterRoles: {@code enclave-command}, bound cluster-wide, holds what creating
 * and deleting enclave namespaces needs, binding itself into each, and read-only informers; {@code
 * enclave-command-in-enclave}, bound by the suite in each enclave namespace it provisions, holds what it does inside.
 * Both are checked against lists written from reading the code, and against the requests its Kubernetes adapters
 * really make (recorded on the fabric8 mock API server, in order, each judged with the rights the suite holds at that
 * moment) together with the permissions it hands on to each enclave's workloads in their Role, which Kubernetes lets
 * it grant only if it holds them itself. An admission policy keeps the cluster-wide rights it has to write with inside
 * enclave namespaces.
 */
class RbacTest {

    private static final String CLUSTER_WIDE = "enclave-command";
    private static final String IN_ENCLAVE = "enclave-command-in-enclave";
    private static final String ADMISSION_POLICY = "enclave-command-in-enclave-namespaces";
    private static final List<String> MANAGE =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> CONVERGE_AND_TEAR_DOWN =
            List.of("create", "delete", "deletecollection", "get", "list", "update");
    private static final List<String> CREATE_OR_UPDATE_AND_DELETE = List.of("create", "delete", "get", "update");
    private static final List<String> INFORM = List.of("list", "watch");

    /**
     * The kinds the reconciler may watch across namespaces (docs/security.md, "The suite's own rights"): read-only,
     * none holding secrets or free-form configuration. Secrets and ConfigMaps are not among them: their drift is
     * found by the periodic pass, which reads each enclave namespace through the suite's RoleBinding there.
     */
    static final Set<Permission> INFORMERS = permissions(
            rule("", List.of("namespaces", "limitranges", "resourcequotas", "serviceaccounts"), INFORM),
            rule("networking.k8s.io", List.of("networkpolicies"), INFORM),
            rule("rbac.authorization.k8s.io", List.of("roles", "rolebindings"), INFORM),
            rule("apps", List.of("deployments"), INFORM),
            rule("batch", List.of("cronjobs"), INFORM));

    /**
     * From the code, cluster-wide: {@code Fabric8KubernetesProvisioner} and {@code Fabric8EnclaveTeardown} (the
     * namespace: create-or-update, deleted), the suite's own RoleBinding in each enclave namespace (created before it
     * holds anything there; read and put back by the reconciler when it is gone or changed, which leaves the suite
     * no other right there) with {@code bind} on exactly the in-enclave ClusterRole, the SPIRE ClusterSPIFFEID
     * ({@code Fabric8OnDemandServices}, cluster-scoped) and the informers.
     */
    static final Set<Permission> EXPECTED_CLUSTER_WIDE = union(permissions(
            rule("", List.of("namespaces"), CREATE_OR_UPDATE_AND_DELETE),
            rule("rbac.authorization.k8s.io", List.of("rolebindings"), List.of("create", "get", "update")),
            new PolicyRuleBuilder().withApiGroups("rbac.authorization.k8s.io").withResources("clusterroles")
                    .withResourceNames(IN_ENCLAVE).withVerbs("bind").build(),
            rule("spire.spiffe.io", List.of("clusterspiffeids"), CREATE_OR_UPDATE_AND_DELETE)), INFORMERS);

    /**
     * From the code, inside an enclave namespace: {@code Fabric8KubernetesProvisioner} (guardrails: create-or-update,
     * which reads the object on a conflict), the reconciler (a labelled guardrail no longer desired is deleted),
     * {@code Fabric8EnclaveTeardown} (list and delete by label, kind by kind), {@code Fabric8TentacleWorkloads}
     * (Deployment or CronJob create-or-update, a Job per run, delete), {@code SharedServiceWorkloads} (Secrets and
     * ConfigMaps per tentacle), {@code Fabric8OnDemandServices} (a NACK Stream) and {@code workloadRules()} (what the
     * workloads' Role grants).
     */
    static final Set<Permission> EXPECTED_IN_ENCLAVE = permissions(
            rule("", List.of("configmaps", "secrets", "services"), MANAGE),
            rule("apps", List.of("deployments"), MANAGE),
            rule("batch", List.of("cronjobs", "jobs"), MANAGE),
            rule("", List.of("limitranges", "resourcequotas", "serviceaccounts"), CONVERGE_AND_TEAR_DOWN),
            rule("networking.k8s.io", List.of("networkpolicies"), CONVERGE_AND_TEAR_DOWN),
            rule("rbac.authorization.k8s.io", List.of("rolebindings", "roles"), CONVERGE_AND_TEAR_DOWN),
            rule("", List.of("events", "pods", "pods/log"), List.of("get", "list", "watch")),
            rule("jetstream.nats.io", List.of("streams"), CREATE_OR_UPDATE_AND_DELETE));

    /** What the reconciler does beyond the adapters exercised here: removing one labelled guardrail by name. */
    private static final Set<Permission> RECONCILER_REMOVES = permissions(
            rule("", List.of("limitranges", "resourcequotas", "serviceaccounts"), List.of("delete")),
            rule("networking.k8s.io", List.of("networkpolicies"), List.of("delete")),
            rule("rbac.authorization.k8s.io", List.of("rolebindings", "roles"), List.of("delete")));

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
    void theClusterRolesGrantExactlyTheExpectedPermissions(String overlay) {
        Manifests manifests = rendered(overlay);

        assertThat(manifests.all(ClusterRole.class)).extracting(role -> role.getMetadata().getName())
                .containsExactlyInAnyOrder(CLUSTER_WIDE, IN_ENCLAVE);
        assertThat(held(manifests, CLUSTER_WIDE)).containsExactlyElementsOf(EXPECTED_CLUSTER_WIDE);
        assertThat(held(manifests, IN_ENCLAVE)).containsExactlyElementsOf(EXPECTED_IN_ENCLAVE);
        assertThat(manifests.all(Role.class)).isEmpty();
        assertThat(manifests.all(RoleBinding.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void nothingClusterWideTouchesSecretsOrWritesInsideANamespaceButRoleBindings(String overlay) {
        Set<Permission> clusterWide = held(rendered(overlay), CLUSTER_WIDE);

        assertThat(clusterWide).extracting(Permission::resource).doesNotContain("secrets", "configmaps", "pods", "jobs");
        assertThat(clusterWide).filteredOn(permission -> !INFORMERS.contains(permission))
                .extracting(Permission::resource)
                .as("cluster-wide beyond the informers: namespaces, the suite's own binding, SPIRE's cluster objects")
                .containsOnly("namespaces", "rolebindings", "clusterroles", "clusterspiffeids");
        assertThat(clusterWide).filteredOn(permission -> permission.resource().equals("clusterroles"))
                .as("bind exactly the in-enclave ClusterRole; never escalate")
                .containsExactly(new Permission("rbac.authorization.k8s.io", "clusterroles", "bind", IN_ENCLAVE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyEnclaveCommandHoldsTheRoleAndAnApiToken(String overlay) {
        Manifests manifests = rendered(overlay);

        ClusterRoleBinding binding = manifests.all(ClusterRoleBinding.class).stream().collect(onlyOne());
        assertThat(binding.getRoleRef().getName()).as("the in-enclave ClusterRole is never bound cluster-wide")
                .isEqualTo(CLUSTER_WIDE);
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

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theAdmissionPolicyKeepsTheBoundServiceAccountsWritesInEnclaveNamespaces(String overlay) {
        Manifests manifests = rendered(overlay);
        var subject = manifests.all(ClusterRoleBinding.class).get(0).getSubjects().get(0);

        ValidatingAdmissionPolicy policy = manifests.named(ValidatingAdmissionPolicy.class, ADMISSION_POLICY)
                .orElseThrow();
        assertThat(policy.getSpec().getFailurePolicy()).as("an unavailable check refuses").isEqualTo("Fail");
        assertThat(policy.getSpec().getMatchConditions()).singleElement()
                .extracting(condition -> condition.getExpression()).isEqualTo("request.userInfo.username == "
                        + "'system:serviceaccount:" + subject.getNamespace() + ":" + subject.getName() + "'");
        var rule = policy.getSpec().getMatchConstraints().getResourceRules().stream().collect(onlyOne());
        assertThat(rule.getApiGroups()).containsExactly("*");
        assertThat(rule.getApiVersions()).containsExactly("*");
        assertThat(rule.getResources()).as("every resource and subresource").contains("*", "*/*");
        assertThat(rule.getOperations()).contains("CREATE", "UPDATE", "DELETE");
        assertThat(policy.getSpec().getMatchConstraints().getNamespaceSelector()).isNull();
        assertThat(policy.getSpec().getMatchConstraints().getObjectSelector()).isNull();
        String owned = "'" + EnclaveLabels.MANAGED_BY + "'";
        String ours = "'" + EnclaveLabels.MANAGED_BY_VALUE + "'";
        assertThat(policy.getSpec().getValidations()).singleElement().satisfies(validation -> {
            String expression = validation.getExpression().replaceAll("\\s+", " ");
            assertThat(expression).contains("namespaceObject.metadata.labels[" + owned + "] == " + ours,
                    "object.metadata.labels[" + owned + "] == " + ours,
                    "oldObject.metadata.labels[" + owned + "] == " + ours);
            assertThat(validation.getReason()).isEqualTo("Forbidden");
        });

        ValidatingAdmissionPolicyBinding binding = manifests.all(ValidatingAdmissionPolicyBinding.class).stream()
                .collect(onlyOne());
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(ADMISSION_POLICY);
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
        assertThat(binding.getSpec().getMatchResources()).as("everything the policy matches").isNull();
        assertThat(binding.getSpec().getParamRef()).isNull();
    }

    @Test
    void whatTheAdaptersDoAndGrantIsExactlyWhatTheClusterRolesHold() throws InterruptedException {
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
        RoleBinding suiteRights = client.rbac().roleBindings().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.SUITE_RIGHTS).get();
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

        Manifests prod = rendered("prod");
        Set<Permission> clusterWide = held(prod, CLUSTER_WIDE);
        Set<Permission> inEnclave = union(clusterWide, held(prod, IN_ENCLAVE));
        assertThat(suiteRights.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(suiteRights.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getName()).isEqualTo("enclave-command");
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });
        Permission bindInEnclave = new Permission("rbac.authorization.k8s.io", "clusterroles", "bind",
                suiteRights.getRoleRef().getName());
        assertThat(clusterWide).as("binding itself into a new namespace needs bind on its ClusterRole")
                .anyMatch(permission -> permission.covers(bindInEnclave));

        assertThat(provisioner.guardrails(namespace).get(0)).as("the first object made in the namespace")
                .isInstanceOfSatisfying(RoleBinding.class, first ->
                        assertThat(first.getMetadata().getName()).isEqualTo(Fabric8KubernetesProvisioner.SUITE_RIGHTS));

        Set<Permission> usedInNamespace = new TreeSet<>();
        Set<Permission> usedClusterWide = new TreeSet<>();
        boolean bound = false; // whether the suite's RoleBinding exists in the enclave namespace
        for (RecordedRequest request : requests) {
            Permission needed = permission(request.getMethod(), request.getPath());
            Optional<String> in = namespaceOf(request.getPath());
            String described = request.getMethod() + " " + request.getPath() + (bound ? " (bound)" : " (not bound)");
            if (in.isPresent()) {
                assertThat(in.get()).isEqualTo(enclave.namespace());
                usedInNamespace.add(needed);
                assertThat(bound ? inEnclave : clusterWide).as(described).anyMatch(held -> held.covers(needed));
            } else {
                usedClusterWide.add(needed);
                assertThat(clusterWide).as(described).anyMatch(held -> held.covers(needed));
            }
            boolean rolebindings = needed.resource().equals("rolebindings");
            if (rolebindings && needed.verb().equals("create")) {
                bound = true; // the first RoleBinding made in the namespace is the suite's (asserted above)
            } else if (rolebindings && needed.verb().equals("deletecollection")
                    || needed.resource().equals("namespaces") && needed.verb().equals("delete")) {
                bound = false;
            }
        }
        Set<Permission> granted = Permission.of(workloadRole.getRules());

        assertThat(granted).as("the workloads' Role").isSubsetOf(inEnclave);
        assertThat(held(prod, IN_ENCLAVE)).as("held in an enclave but neither used nor granted")
                .isSubsetOf(union(usedInNamespace, granted, RECONCILER_REMOVES));
        assertThat(clusterWide).as("held cluster-wide but neither used, nor the informers', nor the suite's binding's")
                .isSubsetOf(union(usedClusterWide, INFORMERS, EXPECTED_CLUSTER_WIDE.stream()
                        .filter(permission -> permission.resource().equals("rolebindings")
                                || permission.resource().equals("clusterroles")).collect(Collectors.toSet())));
        assertThat(clusterWide).isEqualTo(EXPECTED_CLUSTER_WIDE);
        assertThat(held(prod, IN_ENCLAVE)).isEqualTo(EXPECTED_IN_ENCLAVE);
    }

    @Test
    void aPermissionOnOneNamedObjectCoversOnlyThatObject() {
        Set<Permission> bind = Permission.of(List.of(new PolicyRuleBuilder().withApiGroups("rbac.authorization.k8s.io")
                .withResources("clusterroles").withResourceNames(IN_ENCLAVE).withVerbs("bind").build()));

        assertThat(bind).singleElement().satisfies(permission -> {
            assertThat(permission.covers(new Permission("rbac.authorization.k8s.io", "clusterroles", "bind", IN_ENCLAVE)))
                    .isTrue();
            assertThat(permission.covers(new Permission("rbac.authorization.k8s.io", "clusterroles", "bind",
                    "cluster-admin"))).isFalse();
        });
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
        assertThat(namespaceOf("/api/v1/namespaces/enclave-a")).isEmpty();
        assertThat(namespaceOf("/api/v1/namespaces/enclave-a/pods/p/log")).contains("enclave-a");
        assertThat(namespaceOf("/apis/spire.spiffe.io/v1alpha1/clusterspiffeids/enclave-a")).isEmpty();
        assertThat(namespaceOf("/apis/rbac.authorization.k8s.io/v1/namespaces/enclave-a/rolebindings?labelSelector=x"))
                .contains("enclave-a");
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

    /** The namespace a request is in; none for a cluster-scoped object (a namespace itself among them). */
    static Optional<String> namespaceOf(String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String[] segments = path.replaceFirst("^/", "").split("/");
        int rest = segments[0].equals("api") ? 2 : 3;
        return segments.length > rest + 2 && segments[rest].equals("namespaces")
                ? Optional.of(segments[rest + 1]) : Optional.empty();
    }

    private static Set<Permission> held(Manifests manifests, String clusterRole) {
        return Permission.of(manifests.named(ClusterRole.class, clusterRole).orElseThrow().getRules());
    }

    @SafeVarargs
    private static Set<Permission> union(Set<Permission>... sets) {
        Set<Permission> all = new TreeSet<>();
        for (Set<Permission> set : sets) {
            all.addAll(set);
        }
        return all;
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

        @Override
        public java.util.List<Missing> missingForTentacles(EnclaveId enclave,
                                                           java.util.Collection<TentacleData> data) {
            return java.util.List.of();
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

        @Override
        public java.util.List<Missing> missingForTentacle(EnclaveId enclave, TentacleData data) {
            return java.util.List.of();
        }
    }
}
