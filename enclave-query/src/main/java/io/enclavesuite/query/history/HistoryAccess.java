package io.enclavesuite.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may read an aggregate's history: an enclave's by whoever may view the enclave (its mode), a room's by its
 * participants, an agent policy's by its owner. Everyone else is told nothing, not even that it exists.
 * <p>
 * Inside an enclave the tentacle layer holds too: the events of a tentacle the reader may not view (its own mode
 * hides it, as {@code GET …/tentacles/{tentacle}} answers 404) are no part of what they read of the history.
 */
@Component
class HistoryAccess {

    /** The payload fields that name a tentacle: the one an event is about, and the one a schema is shared with. */
    static final String[] TENTACLE_FIELDS = {"tentacle", "grantee"};

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

    /**
     * The tentacles of an enclave the reader may not view, by the owner and mode each has now — or had last, for one
     * removed since: its past is hidden as it was when it went. Empty for an aggregate that is no enclave (a room, a
     * policy), which has no tentacles.
     */
    Set<String> hiddenTentacles(String enclave, UserId reader) {
        Optional<EnclaveAccess> access = enclaves.access(enclave);
        if (access.isEmpty()) {
            return Set.of();
        }
        Map<String, String> owners = new HashMap<>();
        Map<String, String> modes = new HashMap<>();
        jdbc.query("""
                        select payload ->> 'tentacle' as tentacle, payload ->> 'mode' as mode,
                               coalesce(payload ->> 'newOwner', payload ->> 'owner') as owner
                        from event_history
                        where aggregate_id = ? and kind = 'team'
                          and type in ('TentacleDeployed', 'TentacleModeChanged', 'TentacleOwnershipTransferred')
                        order by sequence""", rs -> {
                    String tentacle = rs.getString("tentacle");
                    if (rs.getString("owner") != null) {
                        owners.put(tentacle, rs.getString("owner"));
                    }
                    if (rs.getString("mode") != null) {
                        modes.put(tentacle, rs.getString("mode"));
                    }
                }, enclave);
        Optional<UserId> actor = Optional.of(reader);
        return modes.keySet().stream()
                .filter(owners::containsKey)
                .filter(tentacle -> !access.get().decide(actor, Operation.VIEW_TENTACLE, new TentacleAccess(
                        TentacleName.of(tentacle), UserId.of(owners.get(tentacle)), Mode.parse(modes.get(tentacle))))
                        .allowed())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What one reader may read, each aggregate asked once: for a request that checks many events. */
    Reader of(UserId reader) {
        return new Reader(reader);
    }

    /** One reader's view of the history, remembered per aggregate for as long as one request lasts. */
    final class Reader {

        private final UserId reader;
        private final Map<String, Boolean> aggregates = new HashMap<>();
        private final Map<String, Set<String>> hiddenTentacles = new HashMap<>();

        private Reader(UserId reader) {
            this.reader = reader;
        }

        /** Whether the reader may read this event of that aggregate: the aggregate, and the tentacle it names. */
        boolean mayRead(String aggregateId, JsonNode payload) {
            if (!aggregates.computeIfAbsent(aggregateId, aggregate -> HistoryAccess.this.mayRead(aggregate, reader))) {
                return false;
            }
            Set<String> hidden = hiddenTentacles.computeIfAbsent(aggregateId,
                    aggregate -> hiddenTentacles(aggregate, reader));
            for (String field : TENTACLE_FIELDS) {
                if (payload.hasNonNull(field) && hidden.contains(payload.path(field).asText())) {
                    return false;
                }
            }
            return true;
        }
    }
}
