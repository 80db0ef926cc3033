package io.enclavesuite.write.replicas;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One replica of a service at a time does a piece of work (a {@link Duty}): the one holding a PostgreSQL
 * session-level advisory lock ({@code pg_try_advisory_lock}) on a connection of its own, kept open for as long as it
 * leads. Every {@code enclave.replicas.balance-interval} each replica takes a turn: the leader checks its session is
 * still there, the others try the lock. The database lets go of the lock when the session ends: the leader stops
 * ({@link #close}), its process dies and the connection drops, or the session sits idle for
 * {@code enclave.replicas.claim-timeout} once the duty is taken up ({@code idle_session_timeout}: a leader cut off
 * from the database, or whose machine is gone, never touches it again). A leader that cannot reach its session steps down at its next turn,
 * which comes before that timeout, so two replicas never lead at once for longer than one turn's query. Another
 * replica takes the lock at its next turn after the database let go: a dead leader is replaced within the claim
 * timeout and one balance interval.
 * <p>
 * The connection comes from the service's pool and stays out of it while this replica leads.
 */
public final class Leadership implements AutoCloseable {

    /** The work of the leader. Both run on the leadership's own thread, one at a time. */
    public interface Duty {

        /** This replica leads from now on. Throwing gives the lead up again (another replica may take it). */
        void take();

        /** This replica no longer leads: stop the work. */
        void leave();
    }

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final DataSource dataSource;
    private final String name;
    private final int space;
    private final int key;
    private final ReplicasProperties properties;
    private final Duty duty;
    private final ScheduledExecutorService timer;
    /** The session holding the lock, while this replica leads; touched on the timer's thread only. */
    private Connection session;
    private volatile boolean leading;
    private volatile boolean closed;
    private boolean timerStarted;

    /** @param name what is led, e.g. {@code enclave-command/git-mirror}: the lock's key */
    public Leadership(DataSource dataSource, String name, ReplicasProperties properties, Duty duty) {
        this.dataSource = dataSource;
        this.name = name;
        this.space = AdvisoryLocks.hash("leadership");
        this.key = AdvisoryLocks.hash(name);
        this.properties = properties;
        this.duty = duty;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "leadership-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Takes the first turn now, then one every balance interval. A second call does nothing. */
    public synchronized void start() {
        if (closed || timerStarted) {
            return;
        }
        timerStarted = true;
        long every = properties.balanceInterval().toMillis();
        timer.scheduleWithFixedDelay(this::turn, 0, every, TimeUnit.MILLISECONDS);
    }

    /** True while this replica holds the lock and its duty has been taken up. */
    public boolean leading() {
        return leading;
    }

    public String name() {
        return name;
    }

    private void turn() {
        if (closed) {
            return;
        }
        try {
            if (session != null) {
                if (!alive(session)) {
                    log.warn("{}: this replica lost its session with the database and steps down", name);
                    stepDown(false);
                }
                return;
            }
            tryToLead();
        } catch (RuntimeException e) {
            log.warn("{}: a leadership turn failed: {}", name, e.getMessage());
        }
    }

    private void tryToLead() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            log.debug("{}: no connection to the database for the leadership ({})", name, e.getMessage());
            return;
        }
        try {
            connection.setAutoCommit(true);
            boolean taken;
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, space);
                lock.setInt(2, key);
                try (ResultSet result = lock.executeQuery()) {
                    taken = result.next() && result.getBoolean(1);
                }
            }
            if (!taken) {
                close(connection);
                return;
            }
        } catch (SQLException e) {
            log.debug("{}: could not try the leadership's lock ({})", name, e.getMessage());
            close(connection);
            return;
        }
        session = connection;
        log.info("{}: this replica ({}) leads", name, properties.nodeId());
        try {
            duty.take();
            // From now on the session is touched every turn: the database ends it when left idle this long, and
            // with it a vanished leader's lock. Not before: taking the work up (a fetch, a reset) may take longer.
            try (Statement statement = connection.createStatement()) {
                statement.execute("set idle_session_timeout = " + properties.claimTimeout().toMillis());
            } catch (SQLException e) {
                throw new IllegalStateException("the leadership's session cannot be given a timeout: "
                        + e.getMessage(), e);
            }
            leading = true;
        } catch (RuntimeException e) {
            log.warn("{}: this replica could not take up the work and gives the lead up: {}", name, e.getMessage());
            stepDown(true);
        }
    }

    private boolean alive(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Math.max(1, (int) properties.balanceInterval().toSeconds()));
            statement.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Stops the duty (if it was taken up), lets go of the lock and gives the connection back. */
    private void stepDown(boolean taking) {
        boolean wasLeading = leading;
        leading = false;
        if (wasLeading || taking) {
            try {
                duty.leave();
            } catch (RuntimeException e) {
                log.warn("{}: stopping the leader's work failed: {}", name, e.getMessage());
            }
        }
        Connection connection = session;
        session = null;
        if (connection != null) {
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, space);
                unlock.setInt(2, key);
                unlock.execute();
            } catch (SQLException e) {
                log.debug("{}: could not let go of the lock ({}); the session's end does", name, e.getMessage());
            }
            close(connection);
        }
    }

    private void close(Connection connection) {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set idle_session_timeout = default"); // back to the pool as it came
            }
        } catch (SQLException e) {
            log.debug("{}: could not reset the session ({})", name, e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("{}: could not close the leadership's connection ({})", name, e.getMessage());
        }
    }

    /** Stops the duty and lets go of the lead at once, so another replica takes over at its next turn. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            timer.submit(() -> {
                if (session != null) {
                    log.info("{}: this replica stops and gives the lead up", name);
                    stepDown(false);
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("{}: could not give the lead up cleanly: {}", name, e.getMessage());
        } finally {
            timer.shutdownNow();
        }
    }
}
