package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the reconciler after it repaired one object of the enclave that had drifted; see {@link DriftRepaired}. */
public record RecordRepairedDrift(@TargetAggregateIdentifier EnclaveId enclaveId, String kind, String name,
                                  String change) {

    public RecordRepairedDrift {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        if (kind == null || kind.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a repaired drift names the object's kind and name");
        }
        if (change == null || change.isBlank()) {
            throw new IllegalArgumentException("a repaired drift says what had changed");
        }
    }
}
