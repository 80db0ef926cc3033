package io.enclavesuite.slack.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code command_outbox} table: each acknowledged command until Kafka has taken it. Every statement is one short
 * transaction of its own. A relay claims due rows with {@code FOR UPDATE SKIP LOCKED} and leases them by moving
 * their {@code next_attempt_at} past the lease, so replicas sharing the table never publish one row at the same time,
 * and a relay that dies mid-publish leaves its rows to whoever comes after the lease.
 */
public class CommandOutbox {

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final String COLUMNS = "command_id, type, payload, actor, channel_id, partition_key, response_url, "
            + "subject, follow_up, accepted_at, seal, held, attempts, lease_token";

    /**
     * A row as a relay claimed it.
     *
     * @param payload    the command's JSON object, as stored
     * @param held       still waiting for its check, whose time has run out: dropped, not published
     * @param attempts   failed publishes before this claim
     * @param leaseToken this claim's: only its holder may reschedule or drop the row
     */
    public record Row(UUID commandId, String type, String payload, String actor, String channelId, String key,
                      String responseUrl, String subject, FollowUp follow, Instant acceptedAt, String seal,
                      boolean held, int attempts, UUID leaseToken) {

        /** What the seal covers, in order: everything that decides what is sent, as whom, and where answers go. */
        List<String> sealed() {
            return sealed(commandId, type, payload, actor, channelId, key, responseUrl, subject, follow, acceptedAt);
        }

        static List<String> sealed(UUID commandId, String type, String payload, String actor, String channelId,
                                   String key, String responseUrl, String subject, FollowUp follow, Instant acceptedAt) {
            return java.util.Arrays.asList(commandId.toString(), type, payload, actor, channelId, key, responseUrl,
                    subject, follow.name(), String.valueOf(acceptedAt.toEpochMilli()));
        }
    }

    /** How many rows wait, and since when the oldest (null when none). */
    public record Backlog(long depth, Instant oldest) {
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getObject("command_id", UUID.class),
            rs.getString("type"), rs.getString("payload"), rs.getString("actor"), rs.getString("channel_id"),
            rs.getString("partition_key"), rs.getString("response_url"), rs.getString("subject"),
            FollowUp.valueOf(rs.getString("follow_up")), rs.getTimestamp("accepted_at").toInstant(),
            rs.getString("seal"), rs.getBoolean("held"), rs.getInt("attempts"), rs.getObject("lease_token", UUID.class));

    private final JdbcTemplate jdbc;
    private final OutboxSeal seal;

    CommandOutbox(JdbcTemplate jdbc, OutboxSeal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /**
     * Stores the request, due at once; or held until {@code heldUntil}, for a check to {@link #release} or
     * {@link #discard} it first. A request stored already (Slack's replay of one signed request names the same
     * command) is left as it is.
     *
     * @param heldUntil null: due now
     * @throws org.springframework.dao.DataAccessException when the database did not take it
     */
    void store(Request request, Instant now, Instant heldUntil) {
        Instant acceptedAt = now.truncatedTo(ChronoUnit.MILLIS); // what timestamptz keeps, and what the seal covers
        String payload;
        try {
            payload = JSON.writeValueAsString(request.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a command payload that cannot be written as JSON", e);
        }
        String rowSeal = seal.seal(Row.sealed(request.commandId(), request.type(), payload, request.actor(),
                request.channelId(), request.key(), request.responseUrl(), request.subject(), request.follow(),
                acceptedAt));
        jdbc.update("""
                insert into command_outbox (command_id, type, payload, actor, channel_id, partition_key, response_url,
                                            subject, follow_up, accepted_at, seal, held, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (command_id) do nothing""",
                request.commandId(), request.type(), payload, request.actor(), request.channelId(), request.key(),
                request.responseUrl(), request.subject(), request.follow().name(), Timestamp.from(acceptedAt), rowSeal,
                heldUntil != null, Timestamp.from(heldUntil != null ? heldUntil : acceptedAt));
    }

    /** A held request passed its check: due now. False when its hold had run out (the relay drops it). */
    boolean release(UUID commandId, Instant now) {
        return jdbc.update("""
                update command_outbox set held = false, next_attempt_at = ?
                where command_id = ? and held and next_attempt_at > ? and lease_token is null""",
                Timestamp.from(now), commandId, Timestamp.from(now)) == 1;
    }

    /** A held request its check refused: gone. False when it was not held any more (its hold had run out). */
    boolean discard(UUID commandId) {
        return jdbc.update("delete from command_outbox where command_id = ? and held and lease_token is null",
                commandId) == 1;
    }

    /** Up to {@code limit} due rows, leased to the caller until {@code now + lease}; oldest due first. */
    List<Row> claim(Instant now, Duration lease, int limit) {
        UUID token = UUID.randomUUID();
        return jdbc.query("""
                update command_outbox set next_attempt_at = ?, lease_token = ?
                where command_id in (select command_id from command_outbox where next_attempt_at <= ?
                                     order by next_attempt_at limit ? for update skip locked)
                returning %s""".formatted(COLUMNS), ROW,
                Timestamp.from(now.plus(lease)), token, Timestamp.from(now), limit).stream()
                .sorted(Comparator.comparing(Row::acceptedAt)).toList();
    }

    /** Whether the row is as the gateway wrote it. */
    boolean sealed(Row row) {
        return seal.matches(row.sealed(), row.seal());
    }

    /**
     * Kafka has them: gone. Whoever claimed them, since a row published twice (a lease that ran out mid-publish) is
     * answered once by the intake.
     */
    void published(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("delete from command_outbox where command_id = any(?)");
            statement.setArray(1, connection.createArrayOf("uuid", commandIds.toArray()));
            return statement;
        });
    }

    /**
     * One more failed publish: due again at {@code next}, lease released. Empty when the claim was lost meanwhile
     * (the lease ran out and another relay holds the row now).
     *
     * @return the failed publishes so far, this one included
     */
    Optional<Integer> retryLater(Row row, Instant next, String error) {
        return jdbc.query("""
                update command_outbox set attempts = attempts + 1, next_attempt_at = ?, lease_token = null,
                                          last_error = ?
                where command_id = ? and lease_token = ? returning attempts""",
                (rs, n) -> rs.getInt(1), Timestamp.from(next), error, row.commandId(), row.leaseToken())
                .stream().findFirst();
    }

    /** Removes a row that will not be published (given up, or not the gateway's); false when the claim was lost. */
    boolean drop(Row row) {
        return jdbc.update("delete from command_outbox where command_id = ? and lease_token = ?", row.commandId(),
                row.leaseToken()) == 1;
    }

    Backlog backlog() {
        return jdbc.queryForObject("select count(*), min(accepted_at) from command_outbox", (rs, n) -> new Backlog(
                rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()));
    }
}
