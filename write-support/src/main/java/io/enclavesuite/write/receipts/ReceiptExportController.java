package io.enclavesuite.write.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.apiauth.Problems;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.chain.WithheldEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.function.Predicate;

/**
 * What a receipt's holder needs to verify it offline, from the service whose event store holds the stream:
 * <ul>
 *   <li>{@code GET /internal/receipts/{enclaveId}} — the signed receipt;</li>
 *   <li>{@code GET /internal/receipts/{enclaveId}/events} — the events it covers, one JSON per line
 *       ({@code application/x-ndjson}), for {@code verify-receipt --events}.</li>
 * </ul>
 * The holder is the person whose bearer token the request carries
 * ({@link io.enclavesuite.write.http.InternalHttpSecurity}), never a parameter (a {@code ?holder=} still sent is not
 * read). Anyone else, and any enclave without a receipt, gets the same 404.
 * <p>
 * The export leaves out what its holder may not see ({@link ExportVisibility}: in a team enclave, the events of a
 * tentacle whose mode hides it from them): such an event's line is its hash alone, which the version 2 chain links
 * as it links every event's, so the export still verifies. A receipt issued before (version 1) hashes every event
 * whole: its events go only to a holder who may see all of them; anyone else is told why (403).
 */
@RestController
class ReceiptExportController {

    static final String NDJSON = "application/x-ndjson";

    private final StreamExport export;
    private final ExportVisibility visibility;
    private final EventChain chain = new EventChain();

    ReceiptExportController(StreamExport export, ExportVisibility visibility) {
        this.export = export;
        this.visibility = visibility;
    }

    @GetMapping(value = "/internal/receipts/{enclaveId}", produces = "application/json")
    JsonNode receipt(@PathVariable String enclaveId, @AuthenticationPrincipal UserId holder) {
        return issuedFor(export.read(enclaveId), enclaveId, holder).receipt();
    }

    @GetMapping(value = "/internal/receipts/{enclaveId}/events", produces = NDJSON)
    ResponseEntity<String> events(@PathVariable String enclaveId, @AuthenticationPrincipal UserId holder)
            throws JsonProcessingException {
        StreamExport.Stream stream = export.read(enclaveId);
        ReceiptIssued issued = issuedFor(stream, enclaveId, holder);
        Predicate<ExportedEvent> visible = visibility.visibleTo(holder, stream.covered());
        int version = issued.receipt().path("chainVersion").asInt(EventChain.V1);
        if (version == EventChain.V1) {
            long hidden = stream.covered().stream().filter(visible.negate()).count();
            if (hidden > 0) {
                throw Problems.problem(HttpStatus.FORBIDDEN, "Events hidden from you",
                        "receipt " + issued.receiptId() + " was issued over a version 1 chain, which hashes every "
                                + "event whole, and " + hidden + " of its events are hidden from " + holder.value()
                                + ": its events are exported only to who may see them all; the receipt itself "
                                + "verifies without them");
            }
        }
        StringBuilder lines = new StringBuilder();
        for (ExportedEvent event : stream.covered()) {
            Object line = visible.test(event) ? (version == EventChain.V1 ? event.withoutEventId() : event)
                    : new WithheldEvent(event.aggregateId(), event.sequence(), chain.eventHash(event));
            lines.append(ReceiptJson.mapper().writeValueAsString(line)).append('\n');
        }
        return ResponseEntity.ok().header("Content-Type", NDJSON).body(lines.toString());
    }

    private static ReceiptIssued issuedFor(StreamExport.Stream stream, String enclaveId, UserId holder) {
        return stream.receipt().filter(issued -> issued.holders().contains(holder.value()))
                .orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, "No such receipt",
                        "no receipt of '" + enclaveId + "' issued to " + holder.value()));
    }
}
