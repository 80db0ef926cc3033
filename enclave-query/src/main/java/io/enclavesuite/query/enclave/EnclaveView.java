package io.enclavesuite.query.enclave;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.enclavesuite.api.enclave.EnclaveStatus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team enclave as the HTTP API shows it. {@code mode} is the enclave's current mode (the default for new
 * tentacles, and the enclave layer of every permission check); {@code members} are the registered members besides
 * the owner, sorted; {@code frozenFor} lists every freeze that stands ({@code channel-archived},
 * {@code owner-request}; each is lifted only by its own cause), empty unless the enclave is frozen, and
 * {@code frozenReason} names the one of them that only the channel lifts if it stands (else the owner's), as before;
 * {@code tentacleCount} counts the deployed tentacles the reader may view, so a tentacle its own mode hides from them
 * does not show even as a number.
 * The deprovisioning fields say who asked and who confirmed, never the confirmation code. {@code services} has one
 * entry per shared service ({@code postgres}, {@code object-storage}, {@code messaging}, {@code identity}).
 */
public record EnclaveView(String name, EnclaveStatus status, String owner, Channel channel, String namespace,
                          String mode, String quota, List<String> members, int tentacleCount, List<String> frozenFor,
                          String failureReason, String deprovisionRequestedBy, Instant deprovisionRequestExpiresAt,
                          String deprovisionConfirmedBy, Instant createdAt, Instant activatedAt, Instant frozenAt,
                          Instant deprovisionRequestedAt, Instant deprovisioningStartedAt, Instant deprovisionedAt,
                          Instant updatedAt, Map<String, SharedServiceView> services) {

    public EnclaveView {
        members = List.copyOf(members);
        frozenFor = List.copyOf(frozenFor);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /**
     * The freeze that says most about who may lift it — the channel's archive, else the owner's — or null when none
     * stands: the one reason clients read before {@code frozenFor} listed them all.
     */
    @JsonProperty("frozenReason")
    public String frozenReason() {
        return frozenFor.contains("channel-archived") ? "channel-archived"
                : frozenFor.isEmpty() ? null : frozenFor.get(0);
    }

    /** The same view with another tentacle count: the count as one reader may see it. */
    public EnclaveView withTentacleCount(int count) {
        return new EnclaveView(name, status, owner, channel, namespace, mode, quota, members, count, frozenFor,
                failureReason, deprovisionRequestedBy, deprovisionRequestExpiresAt, deprovisionConfirmedBy, createdAt,
                activatedAt, frozenAt, deprovisionRequestedAt, deprovisioningStartedAt, deprovisionedAt, updatedAt,
                services);
    }

    public record Channel(String id, String name) {
    }
}
