package io.enclavesuite.command.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes through fabric8. Uses create-or-update rather than server-side apply: the fabric8 mock API server
 * used by the embedded default and the tests answers 404 to apply, and both converge the same way on a real one.
 */
@Component
public class Fabric8KubernetesProvisioner implements KubernetesProvisioner {

    /** The identity the enclave's workloads (tentacles) run as, and the names of the guardrail objects. */
    public static final String WORKLOADS = "enclave-workloads";
    public static final String QUOTA = "enclave-quota";
    public static final String CONTAINER_DEFAULTS = "enclave-container-defaults";
    public static final String DENY_ALL = "default-deny";
    public static final String ALLOW_SAME_NAMESPACE = "allow-same-namespace";
    public static final String ALLOW_DNS = "allow-dns";
    public static final String ALLOW_SHARED_SERVICES = "allow-shared-services";
    /** The RoleBinding through which the suite itself holds its rights in the enclave namespace. */
    public static final String SUITE_RIGHTS = "enclave-suite-rights";

    private final KubernetesClient client;
    private final QuotaPresets quotas;
    private final SharedServiceEgress egress;
    private final SuiteAccount suite;
    private final ConcurrentWrites writes;

    /**
     * With the default shared-service destinations and the suite's account as k8s/base deploys it, writing one object
     * after the other.
     */
    public Fabric8KubernetesProvisioner(KubernetesClient client, QuotaPresets quotas) {
        this(client, quotas, SharedServiceEgress.DEFAULTS, SuiteAccount.DEFAULTS, ConcurrentWrites.sequential());
    }

    @Autowired
    public Fabric8KubernetesProvisioner(KubernetesClient client, QuotaPresets quotas, SharedServiceEgress egress,
                                        SuiteAccount suite, ConcurrentWrites writes) {
        this.client = client;
        this.quotas = quotas;
        this.egress = egress;
        this.suite = suite;
        this.writes = writes;
    }

    /**
     * The namespace, then the suite's RoleBinding in it (every later write needs the rights it grants), then the other
     * guardrails side by side: none depends on another.
     */
    @Override
    public void ensureNamespace(NamespaceSpec spec) {
        client.namespaces().resource(namespace(spec)).createOr(NonDeletingOperation::update);
        List<HasMetadata> guardrails = guardrails(spec);
        write(spec, guardrails.get(0));
        writes.all(guardrails.subList(1, guardrails.size()).stream()
                .<Runnable>map(guardrail -> () -> write(spec, guardrail)).toList());
    }

    private void write(NamespaceSpec spec, HasMetadata guardrail) {
        client.resource(guardrail).inNamespace(spec.name()).createOr(NonDeletingOperation::update);
    }

    /** The namespace as the spec wants it; the reconciler compares the cluster's with it. */
    public static Namespace namespace(NamespaceSpec spec) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withLabels(spec.labels())
                .withAnnotations(spec.annotations())
                .endMetadata()
                .build();
    }

    /**
     * The objects inside the namespace, each placed in it and labelled as the enclave's: what provisioning creates
     * and the reconciler keeps. New objects each call, so a caller may change them. The suite's own RoleBinding
     * comes first: until it exists the suite holds no right in the namespace but to create it (its cluster-wide
     * ClusterRole may create RoleBindings and bind only the in-enclave ClusterRole), and every later object needs it.
     */
    public List<HasMetadata> guardrails(NamespaceSpec spec) {
        Map<String, String> owned = EnclaveLabels.ownedBy(spec.enclave());
        List<HasMetadata> guardrails = guardrails(spec, owned);
        for (HasMetadata guardrail : guardrails) {
            guardrail.getMetadata().setNamespace(spec.name());
            guardrail.getMetadata().setLabels(owned);
        }
        return guardrails;
    }

    @Override
    public void removeNamespace(String name) {
        client.namespaces().withName(name).delete(); // the guardrails live in it and go with it
    }

    private List<HasMetadata> guardrails(NamespaceSpec spec, Map<String, String> owned) {
        QuotaPresets.Amounts amounts = quotas.amounts(spec.quota());
        QuotaPresets.ContainerDefaults defaults = quotas.containerDefaults();
        return List.of(
                suiteRights(spec),
                new ResourceQuotaBuilder().withNewMetadata().withName(QUOTA).endMetadata()
                        .withNewSpec()
                        .addToHard("requests.cpu", new Quantity(amounts.cpu()))
                        .addToHard("requests.memory", new Quantity(amounts.memory()))
                        .addToHard("pods", new Quantity(String.valueOf(amounts.pods())))
                        .endSpec().build(),
                new LimitRangeBuilder().withNewMetadata().withName(CONTAINER_DEFAULTS).endMetadata()
                        .withNewSpec().addNewLimit()
                        .withType("Container")
                        .addToDefaultRequest("cpu", new Quantity(defaults.requestCpu()))
                        .addToDefaultRequest("memory", new Quantity(defaults.requestMemory()))
                        .addToDefault("cpu", new Quantity(defaults.limitCpu()))
                        .addToDefault("memory", new Quantity(defaults.limitMemory()))
                        .endLimit().endSpec().build(),
                denyAll(),
                allowSameNamespace(),
                allowDns(),
                allowSharedServices(),
                new ServiceAccountBuilder().withNewMetadata().withName(WORKLOADS).endMetadata()
                        .withAutomountServiceAccountToken(false).build(),
                new RoleBuilder().withNewMetadata().withName(WORKLOADS).endMetadata()
                        .withRules(workloadRules()).build(),
                new RoleBindingBuilder().withNewMetadata().withName(WORKLOADS).endMetadata()
                        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
                        .withName(WORKLOADS).endRoleRef()
                        .addNewSubject().withKind("ServiceAccount").withName(WORKLOADS)
                        .withNamespace(spec.name()).endSubject()
                        .build());
    }

    /** Binds the suite's ServiceAccount to its in-enclave ClusterRole, in this namespace only. */
    private RoleBinding suiteRights(NamespaceSpec spec) {
        return new RoleBindingBuilder().withNewMetadata().withName(SUITE_RIGHTS).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(suite.inEnclaveRole()).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(suite.name())
                .withNamespace(suite.namespace()).endSubject()
                .build();
    }

    private static NetworkPolicy denyAll() {
        return new NetworkPolicyBuilder().withNewMetadata().withName(DENY_ALL).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
    }

    private static NetworkPolicy allowSameNamespace() {
        return new NetworkPolicyBuilder().withNewMetadata().withName(ALLOW_SAME_NAMESPACE).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector()
                .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom().endIngress()
                .addNewEgress().addNewTo().withNewPodSelector().endPodSelector().endTo().endEgress()
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
    }

    /** DNS only towards kube-dns in kube-system, over UDP and TCP port 53. */
    private static NetworkPolicy allowDns() {
        return new NetworkPolicyBuilder().withNewMetadata().withName(ALLOW_DNS).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector()
                .addNewEgress()
                .addNewTo()
                .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                .endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels("k8s-app", "kube-dns").endPodSelector()
                .endTo()
                .addNewPort().withProtocol("UDP").withNewPort(53).endPort()
                .addNewPort().withProtocol("TCP").withNewPort(53).endPort()
                .endEgress()
                .withPolicyTypes("Egress").endSpec().build();
    }

    /** Egress to each shared-service destination on its TCP ports. */
    private NetworkPolicy allowSharedServices() {
        List<NetworkPolicyEgressRule> rules = egress.sharedServices().stream().map(destination -> {
            NetworkPolicyPeer peer = destination.cidr() != null
                    ? new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(destination.cidr()).endIpBlock().build()
                    : new NetworkPolicyPeerBuilder()
                            .withNewNamespaceSelector()
                            .addToMatchLabels("kubernetes.io/metadata.name", destination.namespace())
                            .endNamespaceSelector()
                            .withNewPodSelector().withMatchLabels(destination.podLabels()).endPodSelector()
                            .build();
            return new NetworkPolicyEgressRuleBuilder().withTo(peer)
                    .withPorts(destination.ports().stream().map(port -> new NetworkPolicyPortBuilder()
                            .withProtocol("TCP").withNewPort(port).build()).toList())
                    .build();
        }).toList();
        return new NetworkPolicyBuilder().withNewMetadata().withName(ALLOW_SHARED_SERVICES).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector()
                .withEgress(rules)
                .withPolicyTypes("Egress").endSpec().build();
    }

    /**
     * Narrower than the reference system: workloads manage their own deployments, services, configuration and
     * jobs, and read pods, logs and events — but never network policies or ingresses, which the suite owns.
     */
    private static List<PolicyRule> workloadRules() {
        List<String> manage = List.of("get", "list", "watch", "create", "update", "patch", "delete");
        List<String> read = List.of("get", "list", "watch");
        return List.of(
                new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs(manage).build(),
                new PolicyRuleBuilder().withApiGroups("").withResources("services", "configmaps", "secrets")
                        .withVerbs(manage).build(),
                new PolicyRuleBuilder().withApiGroups("batch").withResources("jobs", "cronjobs").withVerbs(manage).build(),
                new PolicyRuleBuilder().withApiGroups("").withResources("pods", "pods/log", "events").withVerbs(read).build());
    }
}
