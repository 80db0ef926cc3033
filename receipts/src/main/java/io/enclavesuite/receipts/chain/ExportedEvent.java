package io.enclavesuite.receipts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of an enclave's stream as exported for verification (one line of an NDJSON export), exactly the fields
 * the hash chain covers. For coordination rooms the payload holds the sealed windows, so the chain still verifies
 * after the room's key is destroyed.
 *
 * @param aggregateId the enclave or room whose stream this is
 * @param sequence    the event's position in that stream, from 0 without gaps
 */
public record ExportedEvent(String aggregateId, String type, long sequence, Instant timestamp, JsonNode payload,
                            JsonNode metadata) {

    public ExportedEvent {
        Objects.requireNonNull(aggregateId, "aggregateId is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(timestamp, "timestamp is required");
        Objects.requireNonNull(payload, "payload is required");
        metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
    }

    /** What is hashed: these fields and the previous link, as an object for canonical JSON. */
    ObjectNode linkedTo(String previousHash) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("aggregateId", aggregateId);
        node.put("type", type);
        node.put("sequence", sequence);
        node.put("timestamp", timestamp.toString());
        node.set("payload", payload);
        node.set("metadata", metadata);
        node.put("previousHash", previousHash);
        return node;
    }
}
