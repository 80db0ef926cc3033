package io.enclavesuite.command.enclave.services;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.DatabaseCredentials;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.OnDemandServices;
import io.enclavesuite.command.enclave.tentacle.TentacleServiceSources;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.command.storage.ObjectStorage;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tentacle workloads with their shared services: before a tentacle is applied, each service it declares exists
 * for it and its pods' environment is in place — credentials in a Secret ({@code postgres}: schema and role;
 * {@code object-storage}: prefix and user; the schema shared with exactly the tentacles granted), connection settings in a ConfigMap ({@code messaging},
 * {@code identity}), named by {@link TentacleServiceSources} and read with {@code envFrom}. A service no longer
 * declared loses its Secret or ConfigMap (and its storage user). Every step converges, as the tentacle saga needs.
 * <p>
 * Every credential is the deployment's own: the schema, role and prefix are those of the data generation the Enclave
 * gave the deployment ({@link TentacleData}), and the password and storage secret are derived with its deployment
 * number. Removing a tentacle removes its workload, Secrets and ConfigMaps and its storage user, and closes its
 * database role's login, but keeps its data — the schema and the objects under its prefix — for the grace period
 * ({@code SchemaRetentionSaga}), reachable by no workload meanwhile.
 */
public class SharedServiceWorkloads implements TentacleWorkloads {

    private final TentacleWorkloads workloads;
    private final DatabaseProvisioner databases;
    private final ObjectStorage storage;
    private final OnDemandServices onDemand;
    private final KubernetesClient client;

    public SharedServiceWorkloads(TentacleWorkloads workloads, DatabaseProvisioner databases, ObjectStorage storage,
                                  OnDemandServices onDemand, KubernetesClient client) {
        this.workloads = workloads;
        this.databases = databases;
        this.storage = storage;
        this.onDemand = onDemand;
        this.client = client;
    }

    @Override
    public void apply(TentacleWorkload workload) {
        EnclaveId enclave = workload.enclave();
        TentacleName tentacle = workload.name();
        TentacleData data = workload.data();
        for (Dependency service : Dependency.values()) {
            if (!workload.dependencies().contains(service)) {
                withdraw(enclave, data, service);
                continue;
            }
            switch (service) {
                case POSTGRES -> secret(enclave, tentacle, service, () -> {
                    DatabaseCredentials credentials = databases.ensureTentacleSchema(enclave, data,
                            workload.deployment());
                    Map<TentacleData, SchemaAccess> grants = new HashMap<>();
                    workload.schemaAccess().forEach((grantee, access) -> grants.put(TentacleData.parse(grantee), access));
                    databases.setSchemaAccess(enclave, data, grants);
                    return credentials.environment();
                });
                case OBJECT_STORAGE -> secret(enclave, tentacle, service,
                        () -> storage.ensureTentaclePrefix(enclave, data, workload.deployment()).environment());
                case MESSAGING -> configMap(enclave, tentacle, service,
                        () -> onDemand.ensureMessaging(enclave, tentacle));
                case IDENTITY -> configMap(enclave, tentacle, service,
                        () -> onDemand.ensureIdentity(enclave, tentacle));
            }
        }
        workloads.apply(workload);
    }

    @Override
    public void run(EnclaveId enclave, TentacleName tentacle, int run) {
        workloads.run(enclave, tentacle, run);
    }

    @Override
    public void remove(EnclaveId enclave, TentacleData data) {
        workloads.remove(enclave, data);
        for (Dependency service : Dependency.values()) {
            withdraw(enclave, data, service);
        }
        // also when its Secret went in an earlier try: a repeated step must still close it
        databases.closeTentacleLogin(enclave, data);
    }

    /** The tentacle's way into the service goes; the service's data stays. */
    private void withdraw(EnclaveId enclave, TentacleData data, Dependency service) {
        String name = TentacleServiceSources.nameOf(data.tentacle(), service);
        var removed = TentacleServiceSources.isSecret(service)
                ? client.secrets().inNamespace(enclave.namespace()).withName(name).delete()
                : client.configMaps().inNamespace(enclave.namespace()).withName(name).delete();
        if (service == Dependency.OBJECT_STORAGE && !removed.isEmpty()) {
            storage.revokeTentacle(enclave, data);
        }
        if (service == Dependency.POSTGRES && !removed.isEmpty()) {
            databases.closeTentacleLogin(enclave, data);
        }
    }

    private void secret(EnclaveId enclave, TentacleName tentacle, Dependency service,
                        Supplier<Map<String, String>> environment) {
        Map<String, String> values = provide(service, environment);
        client.secrets().inNamespace(enclave.namespace())
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(TentacleServiceSources.nameOf(tentacle, service))
                        .withNamespace(enclave.namespace())
                        .withLabels(labels(enclave, tentacle))
                        .endMetadata()
                        .withType("Opaque")
                        .withStringData(values)
                        .build())
                .createOr(NonDeletingOperation::update);
    }

    private void configMap(EnclaveId enclave, TentacleName tentacle, Dependency service,
                           Supplier<Map<String, String>> settings) {
        Map<String, String> values = provide(service, settings);
        client.configMaps().inNamespace(enclave.namespace())
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(TentacleServiceSources.nameOf(tentacle, service))
                        .withNamespace(enclave.namespace())
                        .withLabels(labels(enclave, tentacle))
                        .endMetadata()
                        .withData(values)
                        .build())
                .createOr(NonDeletingOperation::update);
    }

    /** The service's own failure is told apart from Kubernetes refusing the workload. */
    private static Map<String, String> provide(Dependency service, Supplier<Map<String, String>> values) {
        try {
            return values.get();
        } catch (RuntimeException e) {
            throw new SharedServiceUnavailable(service, e);
        }
    }

    private static Map<String, String> labels(EnclaveId enclave, TentacleName tentacle) {
        Map<String, String> labels = new HashMap<>(EnclaveLabels.ownedBy(enclave.value()));
        labels.put(EnclaveLabels.TENTACLE, tentacle.value());
        return labels;
    }
}
