package io.enclavesuite.command.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The suite's own posture, asked of the API server rather than read from the manifests, since a cluster admin may
 * have bound it more than k8s/base does: through SelfSubjectAccessReviews, whether the suite can do what it must
 * not — read Secrets outside enclave namespaces, write outside them, grant rights (ClusterRoleBindings, escalate,
 * bind cluster-admin, impersonate) — and whether its own namespace denies traffic by default and enforces Pod
 * Security "restricted". Runs in every full pass of the reconciler (the first one at start). Each finding is
 * logged when it appears and when it goes, counted by the gauge {@code enclave.posture.findings} and listed at
 * {@code /actuator/posture}. An access review is open to every authenticated client: no rule is needed to ask.
 */
public class SuitePosture implements MeterBinder {

    static final String POD_SECURITY = "pod-security.kubernetes.io/enforce";
    private static final Logger log = LoggerFactory.getLogger(SuitePosture.class);

    /** Something the suite may do, or its namespace lacks, against its intended posture. */
    public record Finding(String check, String description) {
    }

    /** The last check: when, what it found, and why it could not finish (null when it did). */
    public record Report(Instant checkedAt, List<Finding> findings, String error) {

        public Report {
            findings = List.copyOf(findings);
        }
    }

    /** A right the suite must not hold: the API server answering "allowed" is a finding. */
    private record Forbidden(String check, String description, ResourceAttributes attributes) {
    }

    private final KubernetesClient client;
    private final SuiteAccount suite;
    private final Clock clock;
    private volatile Report last;

    public SuitePosture(KubernetesClient client, SuiteAccount suite, Clock clock) {
        this.client = client;
        this.suite = suite;
        this.clock = clock;
    }

    /** Asks again, logs what changed since the last check, and returns the new report. */
    public synchronized Report check() {
        Report previous = last;
        List<Finding> before = previous == null ? List.of() : previous.findings();
        Report report;
        try {
            List<Finding> findings = new ArrayList<>();
            for (Forbidden forbidden : forbidden()) {
                if (allowed(forbidden.attributes())) {
                    findings.add(new Finding(forbidden.check(), forbidden.description()));
                }
            }
            findings.addAll(ownNamespace());
            report = new Report(clock.instant(), findings, null);
            for (Finding finding : findings) {
                if (!before.contains(finding)) {
                    log.warn("posture of the suite: {} ({})", finding.description(), finding.check());
                }
            }
            for (Finding gone : before) {
                if (!findings.contains(gone)) {
                    log.info("posture of the suite: no longer {} ({})", gone.description(), gone.check());
                }
            }
            if (previous == null && findings.isEmpty()) {
                log.info("posture of the suite: no finding");
            }
        } catch (RuntimeException e) {
            // the findings of the last complete check stand until one completes again
            report = new Report(clock.instant(), before, String.valueOf(e.getMessage()));
            if (previous == null || !Objects.equals(previous.error(), report.error())) {
                log.warn("posture of the suite: could not be checked: {}", report.error());
            }
        }
        last = report;
        return report;
    }

    /** The last report; none before the first check. */
    public Report last() {
        return last;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("enclave.posture.findings", this, posture -> {
                    Report report = posture.last;
                    return report == null ? Double.NaN : report.findings().size();
                })
                .description("what the suite may do, or its namespace lacks, against its intended posture "
                        + "(/actuator/posture lists them)")
                .register(registry);
    }

    private List<Forbidden> forbidden() {
        return List.of(
                new Forbidden("secrets-kube-system", "may read Secrets in kube-system",
                        attributes("", "secrets", "get", "kube-system", null)),
                new Forbidden("secrets-every-namespace", "may list Secrets in every namespace",
                        attributes("", "secrets", "list", "", null)),
                new Forbidden("secrets-own-namespace", "may read the Secrets of its own namespace " + suite.namespace(),
                        attributes("", "secrets", "get", suite.namespace(), null)),
                new Forbidden("writes-outside-enclaves", "may create Deployments in kube-system: its in-enclave "
                        + "rights are bound beyond enclave namespaces",
                        attributes("apps", "deployments", "create", "kube-system", null)),
                new Forbidden("cluster-role-bindings", "may create ClusterRoleBindings",
                        attributes("rbac.authorization.k8s.io", "clusterrolebindings", "create", "", null)),
                new Forbidden("escalate-cluster-roles", "may escalate ClusterRoles (grant what it does not hold)",
                        attributes("rbac.authorization.k8s.io", "clusterroles", "escalate", "", null)),
                new Forbidden("escalate-roles", "may escalate Roles (grant what it does not hold)",
                        attributes("rbac.authorization.k8s.io", "roles", "escalate", "", null)),
                new Forbidden("bind-cluster-admin", "may bind the ClusterRole cluster-admin",
                        attributes("rbac.authorization.k8s.io", "clusterroles", "bind", "", "cluster-admin")),
                new Forbidden("impersonate", "may impersonate ServiceAccounts",
                        attributes("", "serviceaccounts", "impersonate", "", null)));
    }

    private static ResourceAttributes attributes(String group, String resource, String verb, String namespace,
                                                 String name) {
        return new ResourceAttributesBuilder().withGroup(group).withResource(resource).withVerb(verb)
                .withNamespace(namespace).withName(name).build();
    }

    private boolean allowed(ResourceAttributes attributes) {
        SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview()
                .create(new SelfSubjectAccessReviewBuilder().withNewSpec().withResourceAttributes(attributes)
                        .endSpec().build());
        return answer != null && answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }

    private List<Finding> ownNamespace() {
        Namespace namespace = client.namespaces().withName(suite.namespace()).get();
        if (namespace == null) {
            return List.of(new Finding("own-namespace", "its namespace " + suite.namespace()
                    + " was not found, so neither its default-deny nor its Pod Security could be checked"));
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, String> labels = orEmpty(namespace.getMetadata().getLabels());
        if (!"restricted".equals(labels.get(POD_SECURITY))) {
            findings.add(new Finding("pod-security", "its namespace " + suite.namespace()
                    + " does not enforce Pod Security \"restricted\" (" + POD_SECURITY + "="
                    + labels.getOrDefault(POD_SECURITY, "unset") + ")"));
        }
        Map<String, String> ownPod = Map.of("app.kubernetes.io/name", suite.name());
        List<NetworkPolicy> policies = client.network().v1().networkPolicies().inNamespace(suite.namespace())
                .list().getItems();
        boolean ingressDenied = policies.stream().anyMatch(policy -> denies(policy, "Ingress", ownPod));
        boolean egressDenied = policies.stream().anyMatch(policy -> denies(policy, "Egress", ownPod));
        if (!ingressDenied || !egressDenied) {
            findings.add(new Finding("default-deny", "its namespace " + suite.namespace() + " has no default-deny "
                    + "NetworkPolicy for " + (ingressDenied ? "egress" : egressDenied ? "ingress" : "ingress and egress")
                    + " of its pods"));
        }
        return findings;
    }

    /** A policy of this type selecting the pod and allowing nothing of that direction. */
    private static boolean denies(NetworkPolicy policy, String type, Map<String, String> pod) {
        var spec = policy.getSpec();
        if (spec == null || spec.getPolicyTypes() == null || !spec.getPolicyTypes().contains(type)
                || !selects(spec.getPodSelector(), pod)) {
            return false;
        }
        var rules = type.equals("Ingress") ? spec.getIngress() : spec.getEgress();
        return rules == null || rules.isEmpty();
    }

    /** Label selector semantics: every matchLabels entry and every expression holds. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        for (Map.Entry<String, String> wanted : orEmpty(selector.getMatchLabels()).entrySet()) {
            if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions() == null
                ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
            boolean holds = switch (requirement.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
