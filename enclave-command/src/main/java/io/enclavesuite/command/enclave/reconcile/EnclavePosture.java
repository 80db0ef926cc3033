package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The posture check of an enclave's namespace, in the reconciler's pass: rights no wider than the suite's own. The
 * suite grants every right inside an enclave namespace through the RoleBindings it labels as the enclave's; a
 * RoleBinding it did not make grants rights beside the enclave's owner / member / other rules, so each is a finding.
 * It is someone else's object, so it is reported, never removed. Pod Security {@code restricted} and the default-deny
 * policies need no check of their own: they are the namespace's labels and guardrails, which the pass puts back.
 */
final class EnclavePosture {

    /** What a finding's {@code change} starts with. */
    static final String POSTURE = "posture";
    /** Why the reconciler does not put a finding right, in the place a refusal's answer goes. */
    static final String LEFT_IN_PLACE = "not the suite's object: left in place for whoever made it to remove";

    private final KubernetesClient client;
    private final FieldManagers managers;

    EnclavePosture(KubernetesClient client, FieldManagers managers) {
        this.client = client;
        this.managers = managers;
    }

    /** One finding per RoleBinding in the namespace without the enclave's labels, in name order. */
    List<EnclaveReconciler.Repair> findings(NamespaceSpec spec) {
        Map<String, String> ours = EnclaveLabels.ownedBy(spec.enclave());
        return client.rbac().roleBindings().inNamespace(spec.name()).list().getItems().stream()
                .filter(binding -> binding.getMetadata().getLabels() == null
                        || !binding.getMetadata().getLabels().entrySet().containsAll(ours.entrySet()))
                .sorted(java.util.Comparator.comparing(binding -> binding.getMetadata().getName()))
                .map(binding -> new EnclaveReconciler.Repair("RoleBinding", binding.getMetadata().getName(),
                        POSTURE + ": " + grants(binding), managers.changer(binding), LEFT_IN_PLACE))
                .toList();
    }

    /** {@code grants ClusterRole admin to User eve, Group contractors}. */
    private static String grants(RoleBinding binding) {
        String subjects = binding.getSubjects() == null || binding.getSubjects().isEmpty() ? "no one"
                : binding.getSubjects().stream().map(EnclavePosture::subject).collect(Collectors.joining(", "));
        return "grants " + binding.getRoleRef().getKind() + " " + binding.getRoleRef().getName() + " to " + subjects
                + " beside the suite's own rights";
    }

    private static String subject(Subject subject) {
        return subject.getKind() + " " + (subject.getNamespace() == null || subject.getNamespace().isEmpty()
                ? subject.getName() : subject.getNamespace() + "/" + subject.getName());
    }
}
