package io.enclavesuite.query.history;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may read an aggregate's history: an enclave's by whoever may view the enclave (its mode), a room's by its
 * participants, an agent policy's by its owner. Everyone else is told nothing, not even that it exists.
 */
@Component
class HistoryAccess {

    private final JdbcTemplate jdbc;
    private final EnclaveViews enclaves;

    HistoryAccess(JdbcTemplate jdbc, EnclaveViews enclaves) {
        this.jdbc = jdbc;
        this.enclaves = enclaves;
    }

    boolean mayReadEnclave(String name, UserId reader) {
        return enclaves.find(name, reader).isPresent();
    }

    boolean mayReadRoom(String room, UserId reader) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from event_history where aggregate_id = ? and kind = 'coordination'
                                       and type = 'CoordinationCreated'
                                       and jsonb_exists(payload -> 'participants', ?))""",
                Boolean.class, room, reader.value()));
    }

    /** Any aggregate the history holds, by its kind. */
    boolean mayRead(String aggregateId, UserId reader) {
        String kind = jdbc.query("select kind from event_history where aggregate_id = ? limit 1",
                rs -> rs.next() ? rs.getString(1) : null, aggregateId);
        if (kind == null) {
            return false;
        }
        return switch (kind) {
            case "team" -> mayReadEnclave(aggregateId, reader);
            case "coordination" -> mayReadRoom(aggregateId, reader);
            default -> aggregateId.equals(reader.value());
        };
    }
}
