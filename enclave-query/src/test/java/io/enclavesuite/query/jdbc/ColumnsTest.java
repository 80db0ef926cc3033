package io.enclavesuite.query.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A table's SQL follows from the type holding its rows: one component or field is one column. */
class ColumnsTest {

    record Entry(String eventId, long sequence, int runs, Instant occurredAt, @Columns.Jsonb String payload) {
    }

    static final class Row {
        static final String NOT_A_COLUMN = "constant";
        String channelName;
        Instant deprovisionRequestExpiresAt;
        ObjectNode services;
    }

    record Unmapped(String name, List<String> tags) {
    }

    @Test
    void aRecordsComponentsAreItsColumnsInOrder() {
        Columns<Entry> columns = Columns.ofRecord(Entry.class, MethodHandles.lookup());

        assertThat(columns.names()).isEqualTo("event_id, sequence, runs, occurred_at, payload");
        assertThat(columns.placeholders()).isEqualTo("?, ?, ?, ?, ?::jsonb");
        assertThat(columns.setFromExcluded()).isEqualTo("event_id = excluded.event_id, sequence = excluded.sequence, "
                + "runs = excluded.runs, occurred_at = excluded.occurred_at, payload = excluded.payload");
        assertThat(columns.size()).isEqualTo(5);
    }

    @Test
    void aClasssInstanceFieldsAreItsColumns() {
        Columns<Row> columns = Columns.ofFields(Row.class, MethodHandles.lookup());

        assertThat(columns.names()).isEqualTo("channel_name, deprovision_request_expires_at, services");
        assertThat(columns.placeholders()).isEqualTo("?, ?, ?::jsonb");
    }

    @Test
    void aTypeWithNoColumnTypeIsRefusedWhenTheColumnsAreMade() {
        assertThatThrownBy(() -> Columns.ofRecord(Unmapped.class, MethodHandles.lookup()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }
}
