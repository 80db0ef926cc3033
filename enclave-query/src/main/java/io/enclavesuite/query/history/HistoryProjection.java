package io.enclavesuite.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Every event of both event topics, with its metadata (actor, channel, via, trace and correlation ids), one row each:
 * the audit history of an enclave or room. A redelivered or replayed event finds its row and changes nothing.
 * Sealed windows are not kept here, only how many there were: the history stays auditable without holding even
 * the ciphertext of what a room shared.
 */
@Component
@ProcessingGroup(HistoryProjection.PROCESSING_GROUP)
class HistoryProjection {

    static final String PROCESSING_GROUP = "history";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    HistoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, @SourceId String aggregateId, @SequenceNumber long sequence)
            throws JsonProcessingException {
        ObjectNode payload = json.valueToTree(event);
        if (event instanceof WindowsSubmitted) {
            payload.remove("windows");
        }
        var metadata = message.getMetaData();
        jdbc.update("""
                        insert into event_history (event_id, aggregate_id, kind, sequence, type, occurred_at, actor,
                                                   channel_id, via, trace_id, correlation_id, payload, metadata)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
                        on conflict do nothing""",
                message.getIdentifier(), aggregateId, kindOf(event), sequence, event.getClass().getSimpleName(),
                Timestamp.from(message.getTimestamp()), text(metadata.get(MetadataKeys.ACTOR)),
                text(metadata.get(MetadataKeys.CHANNEL_ID)), text(metadata.get(MetadataKeys.VIA)),
                text(metadata.get("traceId")), text(metadata.get("correlationId")),
                json.writeValueAsString(payload), json.writeValueAsString(metadata));
    }

    /** Rooms and agent policies come from coordination-service; everything else is a team enclave's. */
    static String kindOf(Object event) {
        String name = event.getClass().getName();
        if (name.startsWith("io.enclavesuite.api.coordination.")) {
            return name.contains("AutonomyRule") ? "policy" : "coordination";
        }
        if (event instanceof io.enclavesuite.api.receipt.ReceiptIssued issued) {
            return issued.enclaveKind();
        }
        return "team";
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A replay from the start rebuilds the history from nothing. */
    @ResetHandler
    void reset() {
        jdbc.update("delete from event_history");
    }
}
