package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Sent by the reconciler when it found an object of the enclave drifted and the API server refused to put it back;
 * see {@link DriftDetected}. The enclave records it only the first time until the object is repaired.
 */
public record RecordDetectedDrift(@TargetAggregateIdentifier EnclaveId enclaveId, String kind, String name,
                                  String change, String changedBy, String refusal) {

    public RecordDetectedDrift {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        DriftedObject.check(kind, name, change);
        if (refusal == null || refusal.isBlank()) {
            throw new IllegalArgumentException("a detected drift says why it could not be repaired");
        }
        if (changedBy != null && changedBy.isBlank()) {
            changedBy = null;
        }
    }
}
