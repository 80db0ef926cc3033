package io.enclavesuite.slack.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the answer to each command the gateway sent should go: the request's response_url, kept in PostgreSQL so
 * an answer arriving after a restart still reaches the person. A row lives until its result arrives or the
 * response_url has expired.
 */
@Component
public class PendingReplies {

    /** @param follow what the answer should offer next (a confirm button …), by {@link FollowUp} name */
    public record Pending(UUID commandId, String responseUrl, String userId, String channelId, String subject,
                          FollowUp follow, Instant createdAt) {
    }

/** How the answer is given, beyond saying so: a confirm button, or as a direct message where there is no response_url. */
    public enum FollowUp { NONE, CONFIRM_DEPROVISION, DIRECT_MESSAGE }

    private final JdbcTemplate jdbc;

    public PendingReplies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void expect(Pending pending) {
        jdbc.update("""
                insert into pending_reply (command_id, response_url, user_id, channel_id, subject, follow_up, created_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (command_id) do nothing""",
                pending.commandId(), pending.responseUrl(), pending.userId(), pending.channelId(), pending.subject(),
                pending.follow().name(), Timestamp.from(pending.createdAt()));
    }

    /** The pending reply, removed: whoever takes it answers it, once. */
    public Optional<Pending> take(UUID commandId) {
        return jdbc.query("""
                delete from pending_reply where command_id = ?
                returning command_id, response_url, user_id, channel_id, subject, follow_up, created_at""",
                (rs, row) -> new Pending(rs.getObject("command_id", UUID.class), rs.getString("response_url"),
                        rs.getString("user_id"), rs.getString("channel_id"), rs.getString("subject"),
                        FollowUp.valueOf(rs.getString("follow_up")), rs.getTimestamp("created_at").toInstant()),
                commandId).stream().findFirst();
    }

    /** Forgets replies whose response_url Slack no longer honours. */
    public int expire(Instant before) {
        return jdbc.update("delete from pending_reply where created_at < ?", Timestamp.from(before));
    }
}
