package io.enclavesuite.receipts.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param eventId     the event's id in the event store (a random UUID): what a version 2 chain commits to beside the
 *                    rest, so a withheld event's hash cannot be guessed back; absent from version 1 exports
 */
public record ExportedEvent(String aggregateId, String type, long sequence, Instant timestamp, JsonNode payload,
                            JsonNode metadata, @JsonInclude(JsonInclude.Include.NON_NULL) String eventId)
        implements ChainEntry {

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

    /** The same event without its id: what a version 1 export holds. */
    public ExportedEvent withoutEventId() {
        return new ExportedEvent(aggregateId, type, sequence, timestamp, payload, metadata, null);
    }

    /** Version 1: what is hashed, these fields and the previous link, as an object for canonical JSON. */
    ObjectNode linkedTo(String previousHash) {
        ObjectNode node = fields();
        node.put("previousHash", previousHash);
        return node;
    }

    /** Version 2: what the event hash commits to, these fields and the event's id. */
    ObjectNode committed() {
        ObjectNode node = fields();
        node.put("eventId", eventId);
        return node;
    }

    private ObjectNode fields() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("aggregateId", aggregateId);
        node.put("type", type);
        node.put("sequence", sequence);
        node.put("timestamp", timestamp.toString());
        node.set("payload", payload);
        node.set("metadata", metadata);
        return node;
    }
}
