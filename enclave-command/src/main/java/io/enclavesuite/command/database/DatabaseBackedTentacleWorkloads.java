package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8TentacleWorkloads;
import io.enclavesuite.command.kubernetes.TentacleWorkload;
import io.enclavesuite.command.kubernetes.TentacleWorkloads;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.util.HashMap;
import java.util.Map;

/**
 * Tentacle workloads with their database: before a tentacle that declares {@code postgres} is applied, its schema
 * and role exist and its credentials are in the Secret its pods read ({@link Fabric8TentacleWorkloads#databaseSecretOf}).
 * The Secret is the only copy of the password the suite makes. Every step converges, as the tentacle saga needs.
 * <p>
 * Removing a tentacle removes its workload and its Secret but keeps its schema — the data — until the enclave is
 * deprovisioned (or the tentacle is deployed again and finds it). Dropping it after a grace period is still to come.
 */
public class DatabaseBackedTentacleWorkloads implements TentacleWorkloads {

    private final TentacleWorkloads workloads;
    private final DatabaseProvisioner databases;
    private final KubernetesClient client;

    public DatabaseBackedTentacleWorkloads(TentacleWorkloads workloads, DatabaseProvisioner databases,
                                           KubernetesClient client) {
        this.workloads = workloads;
        this.databases = databases;
        this.client = client;
    }

    @Override
    public void apply(TentacleWorkload workload) {
        if (workload.dependencies().contains(Dependency.POSTGRES)) {
            DatabaseCredentials credentials = databases.ensureTentacleSchema(workload.enclave(), workload.name());
            client.secrets().inNamespace(workload.enclave().namespace())
                    .resource(secret(workload.enclave(), workload.name(), credentials))
                    .createOr(NonDeletingOperation::update);
        }
        workloads.apply(workload);
    }

    @Override
    public void run(EnclaveId enclave, TentacleName tentacle, int run) {
        workloads.run(enclave, tentacle, run);
    }

    @Override
    public void remove(EnclaveId enclave, TentacleName tentacle) {
        workloads.remove(enclave, tentacle);
        client.secrets().inNamespace(enclave.namespace())
                .withName(Fabric8TentacleWorkloads.databaseSecretOf(tentacle)).delete();
    }

    private static Secret secret(EnclaveId enclave, TentacleName tentacle, DatabaseCredentials credentials) {
        Map<String, String> labels = new HashMap<>(EnclaveLabels.ownedBy(enclave.value()));
        labels.put(EnclaveLabels.TENTACLE, tentacle.value());
        return new SecretBuilder()
                .withNewMetadata()
                .withName(Fabric8TentacleWorkloads.databaseSecretOf(tentacle))
                .withNamespace(enclave.namespace())
                .withLabels(labels)
                .endMetadata()
                .withType("Opaque")
                .withStringData(credentials.environment())
                .build();
    }
}
