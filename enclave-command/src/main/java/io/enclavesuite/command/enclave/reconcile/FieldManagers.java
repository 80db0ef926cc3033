package io.enclavesuite.command.enclave.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who changed an object, as far as the API server says: it keeps, per field manager, the last time that manager
 * wrote the object ({@code metadata.managedFields}), named for the client ({@code kubectl-edit}, {@code kubectl-patch},
 * {@code kubectl-client-side-apply}, a controller's name). The newest entry that is not the suite's own is the one
 * who changed it. The API server keeps nothing of a deletion, so a deleted object's changer is unknown.
 */
final class FieldManagers {

    /** fabric8's field manager for server-side apply. */
    static final String FABRIC8_APPLY = "fabric8";

    private final Set<String> ours;

    FieldManagers(Set<String> ours) {
        this.ours = Set.copyOf(ours);
    }

    /**
     * The suite's client writes without naming a field manager, so the API server names it after the client's
     * user agent up to the first slash ({@code fabric8-kubernetes-client/7.8.0} → {@code fabric8-kubernetes-client}).
     */
    static FieldManagers of(KubernetesClient client) {
        String agent = client.getConfiguration().getUserAgent();
        String manager = agent == null || agent.isBlank() ? FABRIC8_APPLY : agent.split("/", 2)[0];
        return new FieldManagers(Set.of(manager, FABRIC8_APPLY));
    }

    /** The newest field manager of the object other than the suite; {@code null} when there is none. */
    String changer(HasMetadata object) {
        if (object == null || object.getMetadata() == null) {
            return null;
        }
        List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
        if (entries == null) {
            return null;
        }
        return entries.stream()
                .filter(entry -> entry.getManager() != null && !entry.getManager().isBlank())
                .filter(entry -> !ours.contains(entry.getManager()))
                .max(Comparator.comparing(FieldManagers::time))
                .map(ManagedFieldsEntry::getManager)
                .orElse(null);
    }

    /** An entry without a readable time counts as the oldest. */
    private static Instant time(ManagedFieldsEntry entry) {
        try {
            return Optional.ofNullable(entry.getTime()).map(Instant::parse).orElse(Instant.MIN);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
