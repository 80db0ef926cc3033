package io.enclavesuite.api.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The signed receipt of an ended enclave — a resolved coordination room or a deprovisioned team enclave — recorded in
 * that enclave's own stream, once. The receipt document is what its holders verify (see the receipts module); the
 * chain head inside it covers the stream as it stood when the receipt was signed — every event before this one but
 * those appended in between (a room shredded meanwhile), which the export leaves out.
 *
 * @param enclaveKind {@code coordination} or {@code team}
 * @param holders     who receives it: a room's participants, an enclave's owner and members at deprovisioning
 * @param receipt     the signed receipt, as JSON
 */
@Revision("1")
public record ReceiptIssued(String enclaveKind, String enclaveId, String receiptId, List<String> holders,
                            JsonNode receipt, Instant at) {

    public ReceiptIssued {
        holders = holders == null ? List.of() : List.copyOf(holders);
    }
}
