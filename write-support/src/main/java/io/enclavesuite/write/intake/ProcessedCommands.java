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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The first result of every command the intake has handled, by the principal that signed it and its command id: one
 * principal's ids never collide with another's. An accepted command's row is written in the transaction that stores
 * its events ({@link CommandDeduplication}), so "stored" and "answered" cannot disagree. The row keeps a digest of
 * what was asked, so a reused id with other content is told apart from a resend.
 */
public class ProcessedCommands {

    private static final String COLUMNS = "principal, command_id, status, reason, aggregate_id, processed_at, details, "
            + "sealed_details, content_digest";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    public ProcessedCommands(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A command as the intake tells commands apart: who signed it, and its id. */
    public record Key(String principal, UUID commandId) {
        public Key {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(commandId, "commandId");
        }
    }

    /** A command's first result and the digest of what it asked (null for rows from before digests). */
    public record Processed(CommandResult result, byte[] digest) {

        /** Whether a command with {@code otherDigest} asks the same as this one. */
        public boolean sameContent(byte[] otherDigest) {
            return digest == null || Arrays.equals(digest, otherDigest);
        }
    }

    public Optional<Processed> find(Key key) {
        return jdbc.query("select " + COLUMNS + " from processed_command where principal = ? and command_id = ?",
                this::processed, key.principal(), key.commandId()).stream().findFirst();
    }

    /** The first results of those of {@code keys} handled before (a map the caller may add to). */
    public Map<Key, Processed> findAll(Set<Key> keys) {
        Map<Key, Processed> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.query("select " + COLUMNS + " from processed_command"
                        + " where (principal, command_id) in (select * from unnest(?::text[], ?::uuid[]))",
                statement -> {
                    statement.setArray(1, statement.getConnection().createArrayOf("text",
                            keys.stream().map(Key::principal).toArray()));
                    statement.setArray(2, statement.getConnection().createArrayOf("uuid",
                            keys.stream().map(Key::commandId).toArray()));
                },
                (ResultSet rs) -> {
                    found.put(new Key(rs.getString("principal"), rs.getObject("command_id", UUID.class)),
                            processed(rs, 0));
                });
        return found;
    }

    private Processed processed(ResultSet rs, int row) throws SQLException {
        return new Processed(new CommandResult(rs.getObject("command_id", UUID.class),
                CommandResult.Status.valueOf(rs.getString("status")), rs.getString("reason"),
                rs.getString("aggregate_id"), rs.getTimestamp("processed_at").toInstant(),
                readDetails(rs.getString("details")), rs.getString("sealed_details")), rs.getBytes("content_digest"));
    }

    /** Fails with a DuplicateKeyException when the command was seen before, rolling back the caller's transaction. */
    public void recordAccepted(Key key, byte[] digest, String type, String aggregateId, Map<String, String> details,
                               String sealedDetails, Instant at) {
        jdbc.update("""
                        insert into processed_command (principal, command_id, content_digest, command_type, aggregate_id,
                                                       status, processed_at, details, sealed_details)
                        values (?, ?, ?, ?, ?, 'ACCEPTED', ?, ?::jsonb, ?)""",
                key.principal(), key.commandId(), digest, type, aggregateId, Timestamp.from(at),
                details.isEmpty() ? null : writeDetails(details), sealedDetails);
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

    /** Keeps the first result when the command was seen before; returns whichever result is stored. */
    public Processed recordRejected(Key key, byte[] digest, String type, String aggregateId, String reason, Instant at) {
        jdbc.update("""
                        insert into processed_command (principal, command_id, content_digest, command_type, aggregate_id,
                                                       status, reason, processed_at)
                        values (?, ?, ?, ?, ?, 'REJECTED', ?, ?)
                        on conflict (principal, command_id) do nothing""",
                key.principal(), key.commandId(), digest, type, aggregateId, reason, Timestamp.from(at));
        return find(key).orElseThrow();
    }
}
