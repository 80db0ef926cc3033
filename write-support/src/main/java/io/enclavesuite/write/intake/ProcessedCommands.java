package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The first result of every command id the intake has handled. An accepted command's row is written in the
 * transaction that stores its events ({@link CommandDeduplication}), so "stored" and "answered" cannot disagree.
 */
public class ProcessedCommands {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    public ProcessedCommands(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CommandResult> find(UUID commandId) {
        return jdbc.query("""
                        select command_id, status, reason, aggregate_id, processed_at, details
                        from processed_command where command_id = ?""",
                this::result, commandId).stream().findFirst();
    }

    /** The first results of those of {@code commandIds} handled before, by id (a map the caller may add to). */
    public Map<UUID, CommandResult> findAll(Set<UUID> commandIds) {
        Map<UUID, CommandResult> found = new HashMap<>();
        if (commandIds.isEmpty()) {
            return found;
        }
        jdbc.query("""
                        select command_id, status, reason, aggregate_id, processed_at, details
                        from processed_command where command_id = any(?)""",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("uuid",
                        commandIds.toArray())),
                (ResultSet rs) -> {
                    CommandResult result = result(rs, 0);
                    found.put(result.commandId(), result);
                });
        return found;
    }

    private CommandResult result(ResultSet rs, int row) throws SQLException {
        return new CommandResult(rs.getObject("command_id", UUID.class),
                CommandResult.Status.valueOf(rs.getString("status")), rs.getString("reason"),
                rs.getString("aggregate_id"), rs.getTimestamp("processed_at").toInstant(),
                readDetails(rs.getString("details")));
    }

    /** Fails with a DuplicateKeyException when the id was seen before, rolling back the caller's transaction. */
    public void recordAccepted(UUID commandId, String type, String aggregateId, Map<String, String> details,
                               Instant at) {
        jdbc.update("""
                        insert into processed_command (command_id, command_type, aggregate_id, status, processed_at,
                                                       details)
                        values (?, ?, ?, 'ACCEPTED', ?, ?::jsonb)""",
                commandId, type, aggregateId, Timestamp.from(at), details.isEmpty() ? null : writeDetails(details));
    }

    private String writeDetails(Map<String, String> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private Map<String, String> readDetails(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("processed_command.details holds a JSON object of strings", e);
        }
    }

    /** Keeps the first result when the id was seen before; returns whichever result is stored. */
    public CommandResult recordRejected(UUID commandId, String type, String aggregateId, String reason, Instant at) {
        jdbc.update("""
                        insert into processed_command (command_id, command_type, aggregate_id, status, reason, processed_at)
                        values (?, ?, ?, 'REJECTED', ?, ?)
                        on conflict (command_id) do nothing""",
                commandId, type, aggregateId, reason, Timestamp.from(at));
        return find(commandId).orElseThrow();
    }
}
