package io.enclavesuite.api.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.FreezeReason;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one fold of a team enclave's events into its {@link EnclaveManifest}, over each event's type (the record's
 * simple name) and its JSON payload — the form the write side's event store, the audit history and its NDJSON export
 * all give — so the Git mirror, {@code enclavectl export} and the as-of view agree on what an enclave was. Events it
 * does not know (runs, receipts, failures of a workload) change nothing. Not thread-safe: one fold per reader.
 */
public final class EnclaveManifestFold {

    private final String name;
    private EnclaveStatus status;
    private String owner;
    private String channelId;
    private String channelName;
    private String mode;
    private String quota;
    private final EnumSet<FreezeReason> frozenFor = EnumSet.noneOf(FreezeReason.class);
    private final TreeSet<String> members = new TreeSet<>();
    private final TreeMap<String, String> sharedServices = new TreeMap<>();
    private final TreeMap<String, EnclaveManifest.Tentacle> tentacles = new TreeMap<>();

    public EnclaveManifestFold(String name) {
        this.name = name;
    }

    /** Folds one event of this enclave's stream; events must come in the stream's order. */
    public EnclaveManifestFold apply(String type, JsonNode p) {
        switch (type) {
            case "EnclaveProvisioningStarted" -> {
                status = EnclaveStatus.PROVISIONING;
                owner = p.path("owner").asText();
                mode = p.path("defaultMode").asText();
                channelId = p.path("channel").path("id").asText();
                channelName = p.path("channel").path("name").asText();
                quota = p.path("quota").asText();
                members.clear();
                tentacles.clear();
                frozenFor.clear();
                sharedServices.clear();
            }
            case "EnclaveActivated" -> status = EnclaveStatus.ACTIVE;
            case "EnclaveProvisioningFailed" -> status = EnclaveStatus.FAILED;
            case "EnclaveFrozen" -> {
                status = EnclaveStatus.FROZEN;
                frozenFor.add(FreezeReason.parse(p.path("reason").asText()));
            }
            case "FreezeReasonLifted" -> frozenFor.remove(FreezeReason.parse(p.path("reason").asText()));
            case "EnclaveUnfrozen" -> { // every freeze ends: histories from before freezes were kept apart
                status = EnclaveStatus.ACTIVE;
                frozenFor.clear();
            }
            case "EnclaveModeChanged" -> mode = p.path("mode").asText();
            case "ChannelRenamed" -> channelName = p.path("name").asText();
            case "MemberRegistered" -> members.add(p.path("member").asText());
            case "MemberRemoved" -> members.remove(p.path("member").asText());
            case "EnclaveOwnershipTransferred" -> {
                members.add(p.path("previousOwner").asText());
                owner = p.path("newOwner").asText();
                members.remove(owner);
            }
            case "EnclaveDeprovisioningStarted" -> status = EnclaveStatus.DEPROVISIONING;
            case "EnclaveDeprovisioned" -> {
                status = EnclaveStatus.DEPROVISIONED;
                members.clear();
                tentacles.clear();
                sharedServices.clear();
            }
            case "SharedServiceReady" -> sharedServices.put(p.path("service").asText(), "ready");
            case "SharedServiceFailed" -> sharedServices.put(p.path("service").asText(), "failed");
            case "TentacleDeployed" -> {
                String tentacle = p.path("tentacle").asText();
                tentacles.put(tentacle, new EnclaveManifest.Tentacle(tentacle, p.path("image").asText(),
                        p.path("schedule").asText(null), p.path("mode").asText(), p.path("owner").asText(),
                        labels(p.path("dependencies")), new TreeMap<>()));
            }
            case "TentacleUpdated" -> update(p, t -> new EnclaveManifest.Tentacle(t.name(), p.path("image").asText(),
                    p.path("schedule").asText(null), t.mode(), t.owner(),
                    p.has("dependencies") ? labels(p.path("dependencies")) : t.dependencies(), t.schemaAccess()));
            case "TentacleModeChanged" -> update(p, t -> new EnclaveManifest.Tentacle(t.name(), t.image(),
                    t.schedule(), p.path("mode").asText(), t.owner(), t.dependencies(), t.schemaAccess()));
            case "TentacleOwnershipTransferred" -> update(p, t -> new EnclaveManifest.Tentacle(t.name(), t.image(),
                    t.schedule(), t.mode(), p.path("newOwner").asText(), t.dependencies(), t.schemaAccess()));
            case "SchemaAccessGranted" -> update(p, t -> {
                TreeMap<String, String> access = new TreeMap<>(t.schemaAccess());
                access.put(p.path("grantee").asText(), p.path("access").asText());
                return t.with(access);
            });
            case "SchemaAccessRevoked" -> update(p, t -> {
                TreeMap<String, String> access = new TreeMap<>(t.schemaAccess());
                access.remove(p.path("grantee").asText());
                return t.with(access);
            });
            case "TentacleRemoved" -> tentacles.remove(p.path("tentacle").asText());
            default -> { }
        }
        return this;
    }

    /** The manifest so far; empty before the enclave's provisioning started. */
    public Optional<EnclaveManifest> manifest() {
        if (status == null) {
            return Optional.empty();
        }
        List<String> reasons = frozenFor.stream().map(FreezeReason::label).toList();
        return Optional.of(new EnclaveManifest(name, status, owner, channelId, channelName, mode, quota, reasons,
                new ArrayList<>(members), sharedServices, tentacles));
    }

    private void update(JsonNode payload, java.util.function.UnaryOperator<EnclaveManifest.Tentacle> change) {
        tentacles.computeIfPresent(payload.path("tentacle").asText(), (name, tentacle) -> change.apply(tentacle));
    }

    private static List<String> labels(JsonNode array) {
        List<String> labels = new ArrayList<>();
        array.forEach(label -> labels.add(label.asText()));
        return labels.stream().sorted().distinct().toList();
    }
}
