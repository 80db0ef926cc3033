package io.enclavesuite.query.history;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A fresh read-model database whose history the tests fill through the real projection, as Kafka would. */
final class RecordedHistory {

    final JdbcTemplate jdbc;
    final HistoryProjection projection;
    final HistoryAccess access;
    final RoomDisclosures disclosures;

    RecordedHistory() {
        this(HistoryProjection.COPY_FROM_ROWS);
    }

    /** With the smallest batch the projection copies in: 1 copies every batch. */
    RecordedHistory(int copyFromRows) {
        this(ReadModelDatabase.fresh(), copyFromRows);
    }

    /** On a database made otherwise (e.g. with the migrations up to some version only). */
    RecordedHistory(JdbcTemplate jdbc, int copyFromRows) {
        this.jdbc = jdbc;
        projection = new HistoryProjection(jdbc, copyFromRows);
        access = new HistoryAccess(jdbc, new EnclaveViews(jdbc));
        disclosures = new RoomDisclosures(jdbc);
    }

    /** One event as delivered: its id is derived from its place, so recording it again is a redelivery. */
    void record(String aggregate, long sequence, Object event, Instant at, Map<String, Object> metadata)
            throws Exception {
        projection.on(event, new GenericDomainEventMessage<>("Event", aggregate, sequence, event, MetaData.from(metadata),
                aggregate + "#" + sequence, at), aggregate, sequence);
    }

    /** Message metadata as the write services attach it; null values are left out. */
    static Map<String, Object> metadata(String actor, String via, String channel, String trace, String correlation) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.ACTOR, actor);
        metadata.put(MetadataKeys.VIA, via);
        if (channel != null) {
            metadata.put(MetadataKeys.CHANNEL_ID, channel);
        }
        if (trace != null) {
            metadata.put("traceId", trace);
        }
        if (correlation != null) {
            metadata.put("correlationId", correlation);
        }
        return metadata;
    }
}
