package io.enclavesuite.query.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.eventtopics.SavepointPerEvent;
import io.enclavesuite.eventtopics.UnreadableEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Receipts of both write services (from enclave.events and coordination.events), filed under each holder. */
@Component
@SavepointPerEvent
@ProcessingGroup(ReceiptProjection.PROCESSING_GROUP)
class ReceiptProjection {

    static final String PROCESSING_GROUP = "receipts";

    private final JdbcTemplate jdbc;

    ReceiptProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A record the event topics' reader refused: parked in this read model's dead letters, with the reason. */
    @EventHandler
    void on(UnreadableEvent event) {
        throw event.refusal();
    }

    /** A receipt is issued once; a redelivery or replay finds its rows there and changes nothing. */
    @EventHandler
    void on(ReceiptIssued event) throws JsonProcessingException {
        jdbc.update("""
                        insert into receipt (receipt_id, enclave_kind, enclave_id, issued_at, document)
                        values (?, ?, ?, ?, ?::jsonb) on conflict (receipt_id) do nothing""",
                event.receiptId(), event.enclaveKind(), event.enclaveId(), Timestamp.from(event.at()),
                EnclaveJson.mapper().writeValueAsString(event.receipt()));
        for (String holder : event.holders()) {
            jdbc.update("insert into receipt_holder (receipt_id, user_id) values (?, ?) on conflict do nothing",
                    event.receiptId(), holder);
        }
    }

    /** A replay from the start rebuilds the receipts from nothing. */
    @ResetHandler
    void reset() {
        jdbc.update("truncate receipt_holder, receipt");
    }
}
