package io.enclavesuite.api.manifest;

import io.enclavesuite.api.enclave.EnclaveStatus;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A team enclave as its events decided it, in the words the events use: what {@code enclaves/<name>/enclave.yaml}
 * and its tentacle files hold. Folded by {@link EnclaveManifestFold}; never a secret, a confirmation code or a
 * failure's detail.
 *
 * @param channelId      the Slack channel the enclave is bound to
 * @param frozenFor      the freezes that stand, by their labels ({@code channel-archived}, {@code owner-request})
 * @param members        the members besides the owner, sorted
 * @param sharedServices each shared service a tentacle asked for, by its label: {@code ready} or {@code failed}
 * @param tentacles      the deployed tentacles by name
 */
public record EnclaveManifest(String name, EnclaveStatus status, String owner, String channelId, String channelName,
                              String mode, String quota, List<String> frozenFor, List<String> members,
                              SortedMap<String, String> sharedServices, SortedMap<String, Tentacle> tentacles) {

    public EnclaveManifest {
        frozenFor = List.copyOf(frozenFor);
        members = List.copyOf(members);
        sharedServices = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(sharedServices));
        tentacles = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(tentacles));
    }

    /**
     * One tentacle as deployed, updated, re-moded and re-owned.
     *
     * @param schedule     its cron schedule, null for a tentacle that runs on request only
     * @param dependencies the shared services it declared, sorted labels
     * @param schemaAccess the other tentacles that may use its schema, each with {@code read} or {@code write}
     */
    public record Tentacle(String name, String image, String schedule, String mode, String owner,
                           List<String> dependencies, SortedMap<String, String> schemaAccess) {

        public Tentacle {
            dependencies = List.copyOf(dependencies);
            schemaAccess = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(schemaAccess));
        }

        Tentacle with(Map<String, String> access) {
            return new Tentacle(name, image, schedule, mode, owner, dependencies, new java.util.TreeMap<>(access));
        }
    }
}
