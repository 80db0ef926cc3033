package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Sent by the reconciler after it repaired one object of the enclave that had drifted; see {@link DriftRepaired}.
 * {@code changedBy} is {@code null} when the API server does not say who changed the object.
 */
public record RecordRepairedDrift(@TargetAggregateIdentifier EnclaveId enclaveId, String kind, String name,
                                  String change, String changedBy) {

    public RecordRepairedDrift {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        DriftedObject.check(kind, name, change);
        if (changedBy != null && changedBy.isBlank()) {
            changedBy = null;
        }
    }
}
