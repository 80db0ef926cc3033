package io.enclavesuite.write.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An enclave's (or room's) stream read from this service's event store — from its first event, never a snapshot —
 * in the form the hash chain covers. The payload and metadata are the JSON the store holds (the service's Jackson
 * serializer), so for a room the windows stay sealed and the chain still verifies after shredding. Each event carries
 * its id in the store, a random UUID, which a version 2 chain commits to.
 */
public class StreamExport {

    /** The stream up to its receipt, and the receipt if one was issued. */
    public record Stream(List<ExportedEvent> covered, Optional<ReceiptIssued> receipt) {
    }

    private final EventStore events;
    private final Serializer serializer;
    private final EventChain chain = new EventChain();

    public StreamExport(EventStore events, Serializer serializer) {
        this.events = events;
        this.serializer = serializer;
    }

    /** The events a receipt covers: those before it that its chain head covers (or all, before one is issued). */
    public Stream read(String aggregateId) {
        List<ExportedEvent> covered = new ArrayList<>();
        Iterator<? extends DomainEventMessage<?>> stream = events.readEvents(aggregateId, 0L).asStream().iterator();
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getPayload() instanceof ReceiptIssued issued) {
                return new Stream(coveredBy(issued, covered), Optional.of(issued));
            }
            covered.add(new ExportedEvent(aggregateId, event.getPayloadType().getSimpleName(),
                    event.getSequenceNumber(), event.getTimestamp(),
                    json(event.serializePayload(serializer, byte[].class).getData()),
                    json(event.serializeMetaData(serializer, byte[].class).getData()), event.getIdentifier()));
        }
        return new Stream(covered, Optional.empty());
    }

    /**
     * The events before the receipt that its chain head covers: the receipt is signed over the stream as it stood, and
     * an event appended before the receipt was recorded — a room's shredding, which does not wait for its receipt —
     * comes after what it covers. When no prefix chains to the head, every event before it is given, for the verifier
     * to say so.
     */
    private List<ExportedEvent> coveredBy(ReceiptIssued issued, List<ExportedEvent> before) {
        int version = issued.receipt().path("chainVersion").asInt(EventChain.V1);
        OptionalInt length = chain.coveredLength(before, version, issued.receipt().path("eventChainHead").asText());
        return length.isPresent() ? List.copyOf(before.subList(0, length.getAsInt())) : before;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return ReceiptJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the event store holds JSON (Jackson serializer)", e);
        }
    }
}
