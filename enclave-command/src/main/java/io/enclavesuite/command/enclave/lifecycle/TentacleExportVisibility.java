package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.write.receipts.ExportVisibility;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a holder of a team enclave's receipt sees of its stream: the rule the read side applies to the enclave's
 * history ({@code HistoryAccess} in enclave-query). The enclave's events need it to be one its mode lets the holder
 * view; a tentacle's events — any event whose {@code tentacle} or {@code grantee} names one — also need that
 * tentacle's mode to let them view it, with the owner and mode each tentacle had last. What deprovisioning removed
 * names workloads after their tentacles, so the ending is held back too from a holder who may not see one of them.
 * The enclave's owner, mode and members are those of the stream's end, as the events left them; the owner sees
 * everything.
 */
@Component
class TentacleExportVisibility implements ExportVisibility {

    /** The payload fields that name a tentacle: the one an event is about, and the one a schema is shared with. */
    private static final List<String> TENTACLE_FIELDS = List.of("tentacle", "grantee");

    @Override
    public Predicate<ExportedEvent> visibleTo(UserId holder, List<ExportedEvent> stream) {
        Optional<Set<String>> hidden = hiddenFrom(holder, stream);
        if (hidden.isEmpty()) {
            return event -> false;
        }
        return event -> !namesAny(event.payload(), hidden.get());
    }

    /**
     * The tentacles whose events {@code holder} may not see; empty when they may see nothing of the enclave at all
     * (its mode), or the stream is no team enclave's.
     */
    Optional<Set<String>> hiddenFrom(UserId holder, List<ExportedEvent> stream) {
        Optional<EnclaveAccess> access = accessAtTheEnd(stream);
        Optional<UserId> actor = Optional.of(holder);
        if (access.isEmpty() || !access.get().decide(actor, Operation.VIEW_ENCLAVE).allowed()) {
            return Optional.empty();
        }
        return Optional.of(hiddenTentacles(stream, access.get(), actor));
    }

    /**
     * Whether a payload names one of the tentacles: as the tentacle it is about or the grantee, or — in what
     * deprovisioning removed — as a workload ({@code Deployment/<tentacle>}, {@code Job/<tentacle>-run-3}).
     */
    static boolean namesAny(JsonNode payload, Set<String> tentacles) {
        if (tentacles.isEmpty()) {
            return false;
        }
        for (String field : TENTACLE_FIELDS) {
            if (payload.hasNonNull(field) && tentacles.contains(payload.path(field).asText())) {
                return true;
            }
        }
        for (JsonNode removed : payload.path("removed")) {
            if (namesAny(removed.asText(), tentacles)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a removed resource ({@code Kind/name}) is one of the tentacles' workloads, by its name. */
    static boolean namesAny(String resource, Set<String> tentacles) {
        String name = resource.substring(resource.indexOf('/') + 1);
        return tentacles.stream().anyMatch(tentacle -> name.equals(tentacle) || name.startsWith(tentacle + "-"));
    }

    private static Optional<EnclaveAccess> accessAtTheEnd(List<ExportedEvent> stream) {
        String enclave = null;
        String owner = null;
        String mode = null;
        Set<String> members = new LinkedHashSet<>();
        for (ExportedEvent event : stream) {
            JsonNode payload = event.payload();
            switch (event.type()) {
                case "EnclaveProvisioningStarted" -> {
                    enclave = payload.path("enclaveId").asText();
                    owner = payload.path("owner").asText();
                    mode = payload.path("defaultMode").asText();
                    members.clear();
                }
                case "EnclaveOwnershipTransferred" -> {
                    members.add(payload.path("previousOwner").asText());
                    owner = payload.path("newOwner").asText();
                }
                case "EnclaveModeChanged" -> mode = payload.path("mode").asText();
                case "MemberRegistered" -> members.add(payload.path("member").asText());
                case "MemberRemoved" -> members.remove(payload.path("member").asText());
                default -> { }
            }
        }
        if (enclave == null) {
            return Optional.empty();
        }
        return Optional.of(new EnclaveAccess(EnclaveId.of(enclave), UserId.of(owner),
                members.stream().map(UserId::of).collect(java.util.stream.Collectors.toSet()), Mode.parse(mode)));
    }

    private static Set<String> hiddenTentacles(List<ExportedEvent> stream, EnclaveAccess access,
                                               Optional<UserId> actor) {
        Map<String, String> owners = new HashMap<>();
        Map<String, String> modes = new HashMap<>();
        for (ExportedEvent event : stream) {
            JsonNode payload = event.payload();
            String tentacle = payload.path("tentacle").asText();
            switch (event.type()) {
                case "TentacleDeployed" -> {
                    owners.put(tentacle, payload.path("owner").asText());
                    modes.put(tentacle, payload.path("mode").asText());
                }
                case "TentacleModeChanged" -> modes.put(tentacle, payload.path("mode").asText());
                case "TentacleOwnershipTransferred" -> owners.put(tentacle, payload.path("newOwner").asText());
                default -> { }
            }
        }
        Set<String> hidden = new HashSet<>();
        modes.forEach((tentacle, mode) -> {
            if (owners.containsKey(tentacle) && !access.decide(actor, Operation.VIEW_TENTACLE, new TentacleAccess(
                    TentacleName.of(tentacle), UserId.of(owners.get(tentacle)), Mode.parse(mode))).allowed()) {
                hidden.add(tentacle);
            }
        });
        return hidden;
    }
}
