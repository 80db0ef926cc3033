package io.enclavesuite.command.enclave.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.command.database.DatabaseCredentials;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.enclave.reconcile.EnclaveReconciler.Repair;
import io.enclavesuite.command.enclave.tentacle.DesiredTentacles;
import io.enclavesuite.command.enclave.tentacle.DesiredTentacles.DesiredTentacle;
import io.enclavesuite.command.enclave.tentacle.DesiredTentacles.State;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.TentacleServiceSources;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.storage.ObjectStorage;
import io.enclavesuite.command.storage.StorageCredentials;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Converges an active or frozen enclave's tentacles, in the reconciler's pass over the enclave: each tentacle's
 * CronJob or Deployment as {@link Fabric8TentacleWorkloads} builds it, and the Secret or ConfigMap of each shared
 * service it declares, present with the keys its workload reads. A tentacle with anything missing or changed is
 * put back whole through the saga's own port (which also re-creates a dropped schema, login or storage prefix), one
 * repair per object found wrong; the workload is the one its saga last applied, so a frozen enclave's CronJob stays
 * suspended. Objects of those kinds labelled as one of the enclave's tentacles that is no longer deployed, or that
 * the tentacle does not have, are removed. A tentacle whose saga step has not succeeded yet is the saga's and left
 * alone, as are the Jobs of runs and everything without our labels.
 * <p>
 * Secrets are compared by their keys only: their values are credentials the services derive, which only applying
 * them again would tell.
 */
@Component
public class TentacleReconciler {

    /** The kinds a tentacle's objects are of; the Jobs of its runs are transient and not among them. */
    static final List<Class<? extends HasMetadata>> KINDS = List.of(CronJob.class, Deployment.class, Secret.class,
            ConfigMap.class);
    private static final String SECRET = HasMetadata.getKind(Secret.class);
    private static final String CONFIG_MAP = HasMetadata.getKind(ConfigMap.class);
    /** The keys each credentials Secret holds, taken from the records that write them so the two cannot part. */
    private static final Map<Dependency, Set<String>> SECRET_KEYS = Map.of(
            Dependency.POSTGRES, new DatabaseCredentials("host", 5432, "database", "user", "password", "schema")
                    .environment().keySet(),
            Dependency.OBJECT_STORAGE, new StorageCredentials(URI.create("http://storage"), "region", "bucket",
                    "prefix", "access-key", "secret-key").environment().keySet());
    private static final Logger log = LoggerFactory.getLogger(TentacleReconciler.class);

    private final DesiredEnclaves enclaves;
    private final DesiredTentacles tentacles;
    private final SagaStore<?> sagas;
    private final KubernetesClient client;
    private final TentacleWorkloads workloads;
    private final FieldManagers managers;
    private final DatabaseProvisioner databases;
    private final ObjectStorage storage;

    public TentacleReconciler(DesiredEnclaves enclaves, DesiredTentacles tentacles, SagaStore<?> sagas,
                              KubernetesClient client, TentacleWorkloads workloads, DatabaseProvisioner databases,
                              ObjectStorage storage) {
        this.databases = databases;
        this.storage = storage;
        this.enclaves = enclaves;
        this.tentacles = tentacles;
        this.sagas = sagas;
        this.client = client;
        this.managers = FieldManagers.of(client);
        this.workloads = workloads;
    }

    /** Folds the tentacles of active and frozen enclaves deployed before their desired state was kept. */
    int backfill() {
        return tentacles.backfill(sagas, enclaves.all().stream().filter(DesiredEnclave::keepsItsNamespace)
                .map(DesiredEnclave::enclave).toList());
    }

    /**
     * Adds a repair for each object put back or removed (with {@code apply} false: that would be; nothing changes); a
     * tentacle that cannot be put back does not stop others.
     */
    void converge(DesiredEnclave enclave, List<Repair> repairs, boolean apply) {
        tentacles.holding(enclave.enclave(), () -> {
            List<DesiredTentacle> desired = tentacles.of(enclave.enclave());
            Map<TentacleData, List<Repair>> data = dataMissing(enclave.enclave(), desired);
            for (DesiredTentacle tentacle : desired) {
                if (tentacle.state() == State.APPLIED) {
                    converge(tentacle.workload(), data.getOrDefault(tentacle.workload().data(), List.of()), repairs,
                            apply);
                }
            }
            removeUnexpected(enclave.enclave(), desired, repairs, apply);
        });
    }

    /**
     * What the shared services lost of each applied tentacle's data — its database, role and schema (one look at the
     * database server per enclave), its bucket and prefix — each a repair the tentacle's apply makes again.
     */
    private Map<TentacleData, List<Repair>> dataMissing(EnclaveId enclave, List<DesiredTentacle> desired) {
        Map<TentacleData, List<Repair>> missing = new HashMap<>();
        List<TentacleData> postgres = desired.stream().filter(tentacle -> tentacle.state() == State.APPLIED)
                .map(DesiredTentacle::workload).filter(workload -> workload.dependencies().contains(Dependency.POSTGRES))
                .map(TentacleWorkload::data).toList();
        for (DatabaseProvisioner.Missing gone : databases.missingForTentacles(enclave, postgres)) {
            missing.computeIfAbsent(gone.data(), data -> new ArrayList<>())
                    .add(Repair.made(gone.kind(), gone.name(), "missing", null));
        }
        for (DesiredTentacle tentacle : desired) {
            if (tentacle.state() == State.APPLIED
                    && tentacle.workload().dependencies().contains(Dependency.OBJECT_STORAGE)) {
                TentacleData data = tentacle.workload().data();
                for (ObjectStorage.Missing gone : storage.missingForTentacle(enclave, data)) {
                    missing.computeIfAbsent(data, each -> new ArrayList<>())
                            .add(Repair.made(gone.kind(), gone.name(), "missing", null));
                }
            }
        }
        return missing;
    }

    private void converge(TentacleWorkload workload, List<Repair> dataMissing, List<Repair> repairs, boolean apply) {
        String namespace = workload.enclave().namespace();
        List<Repair> found = new ArrayList<>(dataMissing);
        HasMetadata wanted = Fabric8TentacleWorkloads.workload(workload);
        HasMetadata actual = client.resource(wanted).inNamespace(namespace).get();
        if (actual == null) {
            found.add(Repair.made(wanted.getKind(), wanted.getMetadata().getName(), "missing", null));
        } else {
            List<String> drift = new ArrayList<>(FieldChanges.ofEntries("metadata.labels",
                    wanted.getMetadata().getLabels(), actual.getMetadata().getLabels()));
            drift.addAll(FieldChanges.ofEntries("metadata.annotations", wanted.getMetadata().getAnnotations(),
                    actual.getMetadata().getAnnotations()));
            drift.addAll(FieldChanges.between(tree(wanted), tree(actual)));
            changed(wanted.getKind(), wanted.getMetadata().getName(), drift, managers.changer(actual))
                    .ifPresent(found::add);
        }
        for (Dependency service : workload.dependencies()) {
            source(workload, service).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            return;
        }
        if (!apply) {
            repairs.addAll(found);
            return;
        }
        try {
            workloads.apply(workload);
            repairs.addAll(found);
        } catch (RuntimeException e) {
            log.warn("could not put back tentacle '{}' of enclave {}: {}", workload.name(), workload.enclave(),
                    e.getMessage());
        }
    }

    /** The service's Secret (with each credential's key, and no other) or ConfigMap (with settings) and its labels. */
    private Optional<Repair> source(TentacleWorkload workload, Dependency service) {
        String name = TentacleServiceSources.nameOf(workload.name(), service);
        boolean secret = TentacleServiceSources.isSecret(service);
        String kind = secret ? SECRET : CONFIG_MAP;
        HasMetadata actual = secret
                ? client.secrets().inNamespace(workload.enclave().namespace()).withName(name).get()
                : client.configMaps().inNamespace(workload.enclave().namespace()).withName(name).get();
        if (actual == null) {
            return Optional.of(Repair.made(kind, name, "missing", null));
        }
        List<String> drift = new ArrayList<>(FieldChanges.ofEntries("metadata.labels", labels(workload),
                actual.getMetadata().getLabels()));
        if (secret) {
            Set<String> keys = keys((Secret) actual);
            Set<String> wanted = SECRET_KEYS.get(service);
            new TreeSet<>(wanted).stream().filter(key -> !keys.contains(key))
                    .forEach(key -> drift.add("data." + key + " (absent)→(set)"));
            new TreeSet<>(keys).stream().filter(key -> !wanted.contains(key))
                    .forEach(key -> drift.add("data." + key + " (set)→(absent)"));
        } else {
            Map<String, String> data = ((ConfigMap) actual).getData();
            if (data == null || data.isEmpty()) {
                drift.add("data (absent)→(set)");
            }
        }
        return changed(kind, name, drift, managers.changer(actual));
    }

    /**
     * Objects of a tentacle's kinds, labelled as one of the enclave's tentacles, that the tentacle does not have: it
     * was removed, or it has an object of another kind or service. A tentacle name the desired state does not know
     * is none of ours — made by hand, or deployed before the desired state was kept and not read from its saga yet —
     * and its objects are left alone: a workload is never taken down for want of a record.
     */
    private void removeUnexpected(EnclaveId enclave, List<DesiredTentacle> desired, List<Repair> repairs,
                                  boolean apply) {
        Map<String, DesiredTentacle> byName = desired.stream()
                .collect(Collectors.toMap(tentacle -> tentacle.tentacle().value(), Function.identity()));
        for (Class<? extends HasMetadata> kind : KINDS) {
            for (HasMetadata found : client.resources(kind).inNamespace(enclave.namespace())
                    .withLabels(EnclaveLabels.ownedBy(enclave.value())).withLabel(EnclaveLabels.TENTACLE)
                    .list().getItems()) {
                DesiredTentacle tentacle = byName.get(found.getMetadata().getLabels().get(EnclaveLabels.TENTACLE));
                if (tentacle == null || tentacle.state().inProgress() || tentacle.state() == State.APPLIED
                        && objectsOf(tentacle.workload()).contains(HasMetadata.getKind(kind) + "/"
                        + found.getMetadata().getName())) {
                    continue;
                }
                if (apply) {
                    client.resource(found).inNamespace(enclave.namespace()).delete();
                }
                repairs.add(Repair.made(HasMetadata.getKind(kind), found.getMetadata().getName(), "unexpected",
                        managers.changer(found)));
            }
        }
    }

    /** {@code Kind/name} of each object the tentacle's workload has. */
    private static Set<String> objectsOf(TentacleWorkload workload) {
        Set<String> objects = new HashSet<>();
        HasMetadata wanted = Fabric8TentacleWorkloads.workload(workload);
        objects.add(wanted.getKind() + "/" + wanted.getMetadata().getName());
        for (Dependency service : workload.dependencies()) {
            objects.add((TentacleServiceSources.isSecret(service) ? SECRET : CONFIG_MAP) + "/"
                    + TentacleServiceSources.nameOf(workload.name(), service));
        }
        return objects;
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet()); // a real API server folds these into data
        }
        return keys;
    }

    private static Map<String, String> labels(TentacleWorkload workload) {
        Map<String, String> labels = new HashMap<>(EnclaveLabels.ownedBy(workload.enclave().value()));
        labels.put(EnclaveLabels.TENTACLE, workload.name().value());
        return labels;
    }

    private JsonNode tree(HasMetadata object) {
        return client.getKubernetesSerialization().convertValue(object, JsonNode.class);
    }

    private static Optional<Repair> changed(String kind, String name, List<String> drift, String changedBy) {
        return drift.isEmpty() ? Optional.empty()
                : Optional.of(Repair.made(kind, name, "changed: " + String.join(", ", drift), changedBy));
    }
}
