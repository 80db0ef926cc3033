package io.enclavesuite.command.intake;

import io.enclavesuite.api.CommandResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The first result of every command id the intake has handled. An accepted command's row is written in the
 * transaction that stores its events ({@link CommandDeduplication}), so "stored" and "answered" cannot disagree.
 */
@Repository
public class ProcessedCommands {

    private final JdbcTemplate jdbc;

    ProcessedCommands(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CommandResult> find(UUID commandId) {
        return jdbc.query("""
                        select command_id, status, reason, aggregate_id, processed_at
                        from processed_command where command_id = ?""",
                (rs, row) -> new CommandResult(rs.getObject("command_id", UUID.class),
                        CommandResult.Status.valueOf(rs.getString("status")), rs.getString("reason"),
                        rs.getString("aggregate_id"), rs.getTimestamp("processed_at").toInstant()),
                commandId).stream().findFirst();
    }

    /** Fails with a DuplicateKeyException when the id was seen before, rolling back the caller's transaction. */
    public void recordAccepted(UUID commandId, String type, String aggregateId, Instant at) {
        jdbc.update("""
                        insert into processed_command (command_id, command_type, aggregate_id, status, processed_at)
                        values (?, ?, ?, 'ACCEPTED', ?)""",
                commandId, type, aggregateId, Timestamp.from(at));
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
