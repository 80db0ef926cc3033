package io.enclavesuite.write.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Builds and signs the receipt of an ended enclave from its exported stream, over a version 2 chain (so an export can
 * withhold events from a holder and still verify). The receipt id is derived from the
 * enclave, so issuing twice (an event delivered again) makes the same id, and the aggregate records it once.
 * Each signed receipt is counted as {@value #METER}, tagged with the enclave kind ({@code team},
 * {@code coordination}); the handlers that call this skip an enclave whose receipt is already recorded.
 */
public class ReceiptIssuer {

    public static final String METER = "enclave.receipts.issued";

    private final ReceiptSigner signer;
    private final Clock clock;
    private final MeterRegistry registry;
    private final EventChain chain = new EventChain();

    public ReceiptIssuer(ReceiptSigner signer, Clock clock, MeterRegistry registry) {
        this.signer = signer;
        this.clock = clock;
        this.registry = registry;
    }

    public static String receiptIdOf(String enclaveKind, String enclaveId) {
        return "receipt-" + UUID.nameUUIDFromBytes((enclaveKind + ":" + enclaveId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param covered the stream up to its end ({@link StreamExport}); the operation count is the number of distinct
     *                messages (commands, deadlines) that produced its events — Axon's {@code traceId} of each event
     */
    public Receipt issue(String enclaveKind, String enclaveId, String purpose, List<String> participants,
                         JsonNode outcome, List<ExportedEvent> covered) {
        EventChain.Result head = chain.head(covered, EventChain.V2);
        if (head.problem().isPresent()) {
            throw new IllegalStateException("the stream of " + enclaveId + " does not chain: " + head.problem().get());
        }
        long operations = covered.stream()
                .map(event -> event.metadata().path("traceId").asText(event.type() + "#" + event.sequence()))
                .distinct().count();
        Receipt receipt = signer.sign(new Receipt(receiptIdOf(enclaveKind, enclaveId), enclaveKind, enclaveId, purpose,
                participants, outcome, operations, covered.get(0).timestamp(),
                covered.get(covered.size() - 1).timestamp(), head.head().get(), EventChain.V2, signer.keyId(),
                clock.instant(), null));
        Counter.builder(METER)
                .description("receipts signed, by enclave kind")
                .tag("kind", enclaveKind)
                .register(registry)
                .increment();
        return receipt;
    }

    public static JsonNode toJson(Receipt receipt) {
        return ReceiptJson.mapper().valueToTree(receipt);
    }
}
