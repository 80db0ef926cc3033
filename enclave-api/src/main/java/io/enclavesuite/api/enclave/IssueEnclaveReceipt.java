package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Record a deprovisioned enclave's signed receipt (sent by the receipt issuer only); an enclave gets one receipt. */
public record IssueEnclaveReceipt(@TargetAggregateIdentifier EnclaveId enclaveId, String receiptId,
                                  JsonNode receipt) {

    public IssueEnclaveReceipt {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(receiptId, "receiptId is required");
        Objects.requireNonNull(receipt, "receipt is required");
    }
}
