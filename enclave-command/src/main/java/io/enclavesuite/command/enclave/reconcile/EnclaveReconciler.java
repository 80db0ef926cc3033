package io.enclavesuite.command.enclave.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.RecordDetectedDrift;
import io.enclavesuite.api.enclave.RecordRepairedDrift;
import io.enclavesuite.command.enclave.EnclaveLocks;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converges one enclave's namespace and guardrails (quota, limit range, network policies, the workloads' service
 * account, role and binding) to its desired state, level-based: it looks at what the cluster holds now, not at what
 * happened, so running it twice changes nothing the second time. Missing or changed objects are put back, objects of
 * those kinds labelled as the enclave's but no longer desired are removed, objects without our labels are left
 * alone; a deprovisioned enclave's namespace is removed. Enclaves being provisioned, torn down or whose provisioning
 * failed are the sagas' and are passed over.
 * <p>
 * Each object repaired is recorded on the enclave ({@link RecordRepairedDrift}, actor {@code reconciler}): someone
 * else changed the cluster, named where the API server's field managers say who ({@link FieldManagers}). An object
 * the API server refuses to put back (a 4xx answer: RBAC, an admission webhook, validation) is recorded as detected
 * ({@link RecordDetectedDrift}; the enclave keeps the first until the object is repaired) and the pass goes on with
 * the others; a conflict, a rate limit or a server error is no refusal, fails the enclave's pass and is tried again
 * at the next. A namespace annotation that still shows what was last applied is behind a change the history made (a transfer, a mode change, a rename) and is brought up to date without a record. A missing namespace
 * is one repair: the guardrails inside it went with it and come back with it. Passes are serialized, so two
 * triggers never repair (and record) the same object twice.
 * <p>
 * The enclave's tentacles are converged in the same pass ({@link TentacleReconciler}); each tentacle object put back
 * is a repair of its own, also when the namespace was missing. Passes over one enclave are serialized across replicas
 * too ({@link EnclaveLocks}). The same pass checks the namespace's posture
 * ({@link EnclavePosture}): a RoleBinding the suite did not make is recorded as detected and left in place. A dry run
 * ({@link #pass}) finds the same drift and changes and records nothing.
 */
@Component
public class EnclaveReconciler {

    static final String NAMESPACE = "Namespace";
    /** An API server's answer is kept in the history this long at most: enough to say why, not a whole webhook log. */
    private static final int MAX_REFUSAL = 500;
    private static final Logger log = LoggerFactory.getLogger(EnclaveReconciler.class);
    private static final MetaData BY_RECONCILER = MetaData.with(MetadataKeys.ACTOR, MetadataKeys.VIA_RECONCILER)
            .and(MetadataKeys.VIA, MetadataKeys.VIA_RECONCILER);

    private final DesiredEnclaves desired;
    private final KubernetesClient client;
    private final Fabric8KubernetesProvisioner provisioner;
    private final CommandGateway commands;
    private final FieldManagers managers;
    private final ReconcileMetrics metrics;
    private final TentacleReconciler tentacles;
    private final EnclavePosture posture;
    private final EnclaveLocks locks;

    public EnclaveReconciler(DesiredEnclaves desired, KubernetesClient client, Fabric8KubernetesProvisioner provisioner,
                             CommandGateway commands, MeterRegistry meters, TentacleReconciler tentacles,
                             EnclaveLocks locks) {
        this.desired = desired;
        this.locks = locks;
        this.client = client;
        this.provisioner = provisioner;
        this.commands = commands;
        this.tentacles = tentacles;
        this.managers = FieldManagers.of(client);
        this.metrics = new ReconcileMetrics(meters);
        this.posture = new EnclavePosture(client, managers);
    }

    /**
     * One drifted object, what had become of it, who changed it ({@code null}: the API server does not say) and,
     * when the API server would not let it be put back, its answer ({@code null}: put back).
     */
    public record Repair(String kind, String name, String change, String changedBy, String refusal) {

        static Repair made(String kind, String name, String change, String changedBy) {
            return new Repair(kind, name, change, changedBy, null);
        }

        /** This drift, refused by the API server; an answer that is no refusal is thrown again. */
        Repair refusedWith(KubernetesClientException answer) {
            int code = answer.getCode();
            if (code < 400 || code >= 500 || code == 409 || code == 429) {
                throw answer;
            }
            String message = answer.getStatus() != null && answer.getStatus().getMessage() != null
                    ? answer.getStatus().getMessage() : answer.getMessage();
            String refusal = code + " " + message;
            return new Repair(kind, name, change, changedBy,
                    refusal.length() > MAX_REFUSAL ? refusal.substring(0, MAX_REFUSAL) + "…" : refusal);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    /** Every enclave; one that fails does not stop the others. Returns the drift found: put back or refused. */
    public synchronized List<Repair> reconcileAll() {
        return metrics.timed("all", () -> pass(desired.ids(), true).values().stream().flatMap(List::stream).toList());
    }

    /** One enclave, by name; an enclave the history does not know is none of ours. */
    public synchronized List<Repair> reconcile(EnclaveId enclave) {
        return metrics.timed("enclave", () -> reconcileLogged(enclave, true));
    }

    /**
     * A pass over one enclave (empty when the history does not know it) or every enclave, by enclave, in name order.
     * A dry run changes nothing and records nothing: it answers what a pass would repair now.
     */
    public synchronized Optional<Map<EnclaveId, List<Repair>>> pass(Optional<EnclaveId> only, boolean dryRun) {
        if (only.isEmpty()) {
            return Optional.of(metrics.timed("all", () -> pass(desired.ids(), !dryRun)));
        }
        EnclaveId enclave = only.get();
        return metrics.timed("enclave", () -> reconcile(enclave, !dryRun).map(repairs -> Map.of(enclave, repairs)));
    }

    private Map<EnclaveId, List<Repair>> pass(List<EnclaveId> enclaves, boolean apply) {
        Map<EnclaveId, List<Repair>> found = new LinkedHashMap<>();
        for (EnclaveId enclave : enclaves) {
            found.put(enclave, reconcileLogged(enclave, apply));
        }
        return found;
    }

    /** As {@link #reconcile(EnclaveId, boolean)}; a failure to take the lock or read the row is logged too. */
    private List<Repair> reconcileLogged(EnclaveId enclave, boolean apply) {
        try {
            return reconcile(enclave, apply).orElse(List.of());
        } catch (RuntimeException e) {
            log.warn("could not reconcile enclave {}: {}", enclave, e.getMessage());
            return List.of();
        }
    }

    /**
     * Each repair made is recorded, also when a later step of the pass fails. The enclave's lock is held throughout,
     * across replicas: a pass on another replica waits, then finds the drift repaired and recorded. The desired state
     * is read only once the lock is held (a pass over every enclave lists their ids alone): a deprovisioning may have
     * started since the list was read (its saga deletes the namespace under the same lock), so a namespace the saga
     * took down is never put back from a stale row. Empty when the history does not know the enclave; a pass that
     * fails is logged and found nothing.
     */
    private Optional<List<Repair>> reconcile(EnclaveId enclave, boolean apply) {
        return locks.holding(enclave, () -> desired.of(enclave).map(current -> {
            try {
                return reconcileHolding(current, apply);
            } catch (RuntimeException e) {
                log.warn("could not reconcile enclave {}: {}", enclave, e.getMessage());
                return List.of();
            }
        }));
    }

    private List<Repair> reconcileHolding(DesiredEnclave enclave, boolean apply) {
        List<Repair> repairs = new ArrayList<>();
        try {
            if (enclave.keepsItsNamespace()) {
                converge(enclave, repairs, apply);
            } else if (enclave.status() == EnclaveStatus.DEPROVISIONED) {
                removeNamespace(enclave, apply).ifPresent(repairs::add);
            }
        } finally {
            if (apply) {
                record(enclave, repairs);
            }
        }
        return repairs;
    }

    private void record(DesiredEnclave enclave, List<Repair> repairs) {
        for (Repair repair : repairs) {
            metrics.counted(repair);
            Object command;
            if (repair.refused()) {
                log.warn("enclave {}: {} {} not put right ({}): {}", enclave.enclave(), repair.kind(), repair.name(),
                        repair.change(), repair.refusal());
                command = new RecordDetectedDrift(enclave.enclave(), repair.kind(), repair.name(), repair.change(),
                        repair.changedBy(), repair.refusal());
            } else {
                log.info("enclave {}: repaired {} {} ({})", enclave.enclave(), repair.kind(), repair.name(),
                        repair.change());
                command = new RecordRepairedDrift(enclave.enclave(), repair.kind(), repair.name(), repair.change(),
                        repair.changedBy());
            }
            commands.send(command, BY_RECONCILER).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.warn("enclave {}: the drift of {} {} was not recorded: {}", enclave.enclave(),
                            repair.kind(), repair.name(), failure.getMessage());
                }
            });
        }
    }

    private void converge(DesiredEnclave enclave, List<Repair> repairs, boolean apply) {
        NamespaceSpec spec = enclave.namespace();
        Namespace actual = client.namespaces().withName(spec.name()).get();
        if (actual == null) {
            Repair missing = Repair.made(NAMESPACE, spec.name(), "missing", null);
            if (apply) {
                try {
                    provisioner.ensureNamespace(spec);
                } catch (KubernetesClientException e) {
                    repairs.add(missing.refusedWith(e));
                    return;
                }
                desired.applied(enclave.enclave(), spec.annotations());
            }
            repairs.add(missing);
            tentacles.converge(enclave, repairs, apply);
            return;
        }
        if (actual.getMetadata().getDeletionTimestamp() != null) {
            return; // still terminating: nothing can be made in it until it is gone, which triggers a pass
        }
        convergeNamespace(enclave, spec, actual, apply).ifPresent(repairs::add);
        List<HasMetadata> guardrails = provisioner.guardrails(spec);
        for (HasMetadata guardrail : guardrails) {
            convergeObject(spec, guardrail, apply).ifPresent(repairs::add);
        }
        removeUnexpected(spec, guardrails, repairs, apply);
        repairs.addAll(posture.findings(spec));
        tentacles.converge(enclave, repairs, apply);
    }

    /**
     * Labels and annotations only: the rest of a namespace is the API server's. An annotation differing from the
     * desired one but equal to the one last applied changed because the history did, and is no drift.
     */
    private Optional<Repair> convergeNamespace(DesiredEnclave enclave, NamespaceSpec spec, Namespace actual,
                                               boolean apply) {
        Map<String, String> labels = orEmpty(actual.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(actual.getMetadata().getAnnotations());
        List<String> drift = new ArrayList<>(FieldChanges.ofEntries("metadata.labels", spec.labels(), labels));
        boolean behind = false;
        for (Map.Entry<String, String> wanted : spec.annotations().entrySet()) {
            String found = annotations.get(wanted.getKey());
            if (Objects.equals(found, wanted.getValue())) {
                continue;
            }
            behind = true;
            if (!Objects.equals(found, enclave.appliedAnnotations().get(wanted.getKey()))) {
                drift.addAll(FieldChanges.ofEntries("metadata.annotations", Map.of(wanted.getKey(), wanted.getValue()),
                        annotations));
            }
        }
        if (drift.isEmpty() && !behind) {
            return Optional.empty();
        }
        Optional<Repair> repair = drift.isEmpty() ? Optional.empty()
                : Optional.of(Repair.made(NAMESPACE, spec.name(), changed(drift), managers.changer(actual)));
        if (!apply) {
            return repair;
        }
        Map<String, String> mergedLabels = new HashMap<>(labels);
        mergedLabels.putAll(spec.labels());
        Map<String, String> mergedAnnotations = new HashMap<>(annotations);
        mergedAnnotations.putAll(spec.annotations());
        actual.getMetadata().setLabels(mergedLabels);
        actual.getMetadata().setAnnotations(mergedAnnotations);
        try {
            client.namespaces().resource(actual).update();
        } catch (KubernetesClientException e) {
            if (repair.isEmpty()) {
                throw e;
            }
            return repair.map(refused -> refused.refusedWith(e));
        }
        desired.applied(enclave.enclave(), spec.annotations());
        return repair;
    }

    /** Restores the labels and the fields we set; labels and annotations others added to the object are kept. */
    private Optional<Repair> convergeObject(NamespaceSpec spec, HasMetadata wanted, boolean apply) {
        HasMetadata actual = client.resource(wanted).inNamespace(spec.name()).get();
        if (actual == null) {
            Repair missing = Repair.made(wanted.getKind(), wanted.getMetadata().getName(), "missing", null);
            if (!apply) {
                return Optional.of(missing);
            }
            try {
                client.resource(wanted).inNamespace(spec.name()).create();
            } catch (KubernetesClientException e) {
                return Optional.of(missing.refusedWith(e));
            }
            return Optional.of(missing);
        }
        Map<String, String> labels = orEmpty(actual.getMetadata().getLabels());
        List<String> drift = new ArrayList<>(
                FieldChanges.ofEntries("metadata.labels", wanted.getMetadata().getLabels(), labels));
        drift.addAll(FieldChanges.between(tree(wanted), tree(actual)));
        if (drift.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> mergedLabels = new HashMap<>(labels);
        mergedLabels.putAll(wanted.getMetadata().getLabels());
        wanted.getMetadata().setLabels(mergedLabels);
        wanted.getMetadata().setAnnotations(actual.getMetadata().getAnnotations());
        wanted.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
        Repair changed = Repair.made(wanted.getKind(), wanted.getMetadata().getName(), changed(drift),
                managers.changer(actual));
        if (!apply) {
            return Optional.of(changed);
        }
        try {
            client.resource(wanted).inNamespace(spec.name()).update();
        } catch (KubernetesClientException e) {
            return Optional.of(changed.refusedWith(e));
        }
        return Optional.of(changed);
    }

    /** Objects of the guardrails' kinds carrying the enclave's labels that are not among them. */
    private void removeUnexpected(NamespaceSpec spec, List<HasMetadata> guardrails, List<Repair> repairs,
                                  boolean apply) {
        Map<Class<? extends HasMetadata>, Set<String>> wantedByKind = new LinkedHashMap<>();
        for (HasMetadata guardrail : guardrails) {
            wantedByKind.computeIfAbsent(guardrail.getClass(), kind -> new HashSet<>())
                    .add(guardrail.getMetadata().getName());
        }
        wantedByKind.forEach((kind, wanted) -> {
            for (HasMetadata found : client.resources(kind).inNamespace(spec.name())
                    .withLabels(EnclaveLabels.ownedBy(spec.enclave())).list().getItems()) {
                if (!wanted.contains(found.getMetadata().getName())) {
                    Repair unexpected = Repair.made(found.getKind(), found.getMetadata().getName(), "unexpected",
                            managers.changer(found));
                    if (!apply) {
                        repairs.add(unexpected);
                        continue;
                    }
                    try {
                        client.resource(found).inNamespace(spec.name()).delete();
                        repairs.add(unexpected);
                    } catch (KubernetesClientException e) {
                        repairs.add(unexpected.refusedWith(e));
                    }
                }
            }
        });
    }

    /** Only a namespace that carries the enclave's labels is ours to remove. */
    private Optional<Repair> removeNamespace(DesiredEnclave enclave, boolean apply) {
        String name = enclave.enclave().namespace();
        Namespace actual = client.namespaces().withName(name).get();
        if (actual == null || actual.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        Map<String, String> labels = orEmpty(actual.getMetadata().getLabels());
        if (!labels.entrySet().containsAll(EnclaveLabels.ownedBy(enclave.enclave().value()).entrySet())) {
            return Optional.empty();
        }
        Repair unexpected = Repair.made(NAMESPACE, name, "unexpected", managers.changer(actual));
        if (!apply) {
            return Optional.of(unexpected);
        }
        try {
            client.namespaces().withName(name).delete();
        } catch (KubernetesClientException e) {
            return Optional.of(unexpected.refusedWith(e));
        }
        return Optional.of(unexpected);
    }

    private JsonNode tree(HasMetadata object) {
        return client.getKubernetesSerialization().convertValue(object, JsonNode.class);
    }

    private static String changed(List<String> drift) {
        return "changed: " + drift.stream().collect(Collectors.joining(", "));
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
