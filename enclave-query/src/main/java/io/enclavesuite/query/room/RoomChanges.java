package io.enclavesuite.query.room;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tells every replica of the read side that a room changed, so each can push the feeds of its own subscribers —
 * the replica that ran the projection is only one of them. {@link #announce} issues PostgreSQL's {@code NOTIFY} inside
 * the projection's transaction, so it is delivered exactly when (and only if) the read model's change commits; each
 * replica {@code LISTEN}s on one connection of its own and hands the room to its {@link LiveFeeds}. A lost connection
 * is reopened with a growing pause; what changed meanwhile reaches subscribers with the next change or reconnect.
 */
public class RoomChanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RoomChanges.class);
    /** Per database: the read side's own channel. */
    static final String CHANNEL = "enclave_query_room_changes";
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Consumer<String> roomChanged;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;

    public RoomChanges(DataSource dataSource, Consumer<String> roomChanged) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.roomChanged = roomChanged;
    }

    /** Within the projection's transaction: delivered to every replica when it commits, never if it rolls back. */
    public void announce(String room) {
        jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, room);
    }

    /** Whether this replica is listening now (for tests and health). */
    boolean listening() {
        return listening;
    }

    @Override
    public synchronized void start() {
        running = true;
        listener = new Thread(this::listen, "room-changes-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        Duration pause = POLL;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                pause = POLL;
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications((int) POLL.toMillis());
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (!running) {
                    return;
                }
                log.warn("Listening for room changes failed ({}); trying again in {} s", e.getMessage(), pause.toSeconds());
                try {
                    Thread.sleep(pause.toMillis()); // a reconnect pause on a background thread, not a test wait
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
        listening = false;
    }

    private void deliver(String room) {
        try {
            roomChanged.accept(room);
        } catch (RuntimeException e) {
            log.warn("Could not push the feeds of room {}: {}", room, e.getMessage());
        }
    }
}
