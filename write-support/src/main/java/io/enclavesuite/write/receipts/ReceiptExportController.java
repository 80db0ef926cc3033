package io.enclavesuite.write.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.apiauth.Problems;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.chain.ExportedEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a receipt's holder needs to verify it offline, from the service whose event store holds the stream:
 * <ul>
 *   <li>{@code GET /internal/receipts/{enclaveId}} — the signed receipt;</li>
 *   <li>{@code GET /internal/receipts/{enclaveId}/events} — the events it covers, one JSON per line
 *       ({@code application/x-ndjson}), for {@code verify-receipt --events}.</li>
 * </ul>
 * The holder is the person whose bearer token the request carries
 * ({@link io.enclavesuite.write.http.InternalHttpSecurity}), never a parameter (a {@code ?holder=} still sent is not
 * read): the export is a whole history. Anyone else, and any enclave without a receipt, gets the same 404.
 */
@RestController
class ReceiptExportController {

    static final String NDJSON = "application/x-ndjson";

    private final StreamExport export;

    ReceiptExportController(StreamExport export) {
        this.export = export;
    }

    @GetMapping(value = "/internal/receipts/{enclaveId}", produces = "application/json")
    JsonNode receipt(@PathVariable String enclaveId, @AuthenticationPrincipal UserId holder) {
        return issuedFor(export.read(enclaveId), enclaveId, holder).receipt();
    }

    @GetMapping(value = "/internal/receipts/{enclaveId}/events", produces = NDJSON)
    ResponseEntity<String> events(@PathVariable String enclaveId, @AuthenticationPrincipal UserId holder)
            throws JsonProcessingException {
        StreamExport.Stream stream = export.read(enclaveId);
        issuedFor(stream, enclaveId, holder);
        StringBuilder lines = new StringBuilder();
        for (ExportedEvent event : stream.covered()) {
            lines.append(ReceiptJson.mapper().writeValueAsString(event)).append('\n');
        }
        return ResponseEntity.ok().header("Content-Type", NDJSON).body(lines.toString());
    }

    private static ReceiptIssued issuedFor(StreamExport.Stream stream, String enclaveId, UserId holder) {
        return stream.receipt().filter(issued -> issued.holders().contains(holder.value()))
                .orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, "No such receipt",
                        "no receipt of '" + enclaveId + "' issued to " + holder.value()));
    }
}
