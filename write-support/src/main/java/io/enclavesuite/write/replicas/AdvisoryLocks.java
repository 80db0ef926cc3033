package io.enclavesuite.write.replicas;

import org.springframework.dao.DataAccessResourceFailureException;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Locks that hold across the replicas of a service: PostgreSQL advisory locks ({@code pg_advisory_xact_lock}), each
 * held by a connection of its own in an open transaction for as long as the work runs, so the work may commit its
 * own transactions meanwhile. The database lets go when the transaction ends — also when the replica dies and its
 * connection drops. Within a replica a lock is first taken in memory (re-entrant, so a holder may take it again
 * without a second connection), and only the outermost holder talks to the database.
 * <p>
 * Keys are hashed to 32 bits within a {@code space}: two keys sharing a hash merely wait for each other.
 */
public final class AdvisoryLocks {

    private final DataSource dataSource;
    private final int space;
    private final ConcurrentMap<String, ReentrantLock> local = new ConcurrentHashMap<>();

    /** @param space the locks' name, as the first key of the database lock (a service's locks of one kind) */
    public AdvisoryLocks(DataSource dataSource, String space) {
        this.dataSource = dataSource;
        this.space = hash(space);
    }

    /** Runs {@code work} while no other thread of any replica holds the lock on {@code key}. */
    public <T> T holding(String key, Supplier<T> work) {
        ReentrantLock lock = local.computeIfAbsent(key, name -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return work.get(); // the outer holder on this thread has the database lock
            }
            return holdingInDatabase(key, work);
        } finally {
            lock.unlock();
        }
    }

    public void holding(String key, Runnable work) {
        holding(key, () -> {
            work.run();
            return null;
        });
    }

    private <T> T holdingInDatabase(String key, Supplier<T> work) {
        // not the thread's transactional connection: the lock must outlast the transactions the work commits
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                    lock.setInt(1, space);
                    lock.setInt(2, hash(key));
                    lock.execute();
                }
                return work.get();
            } finally {
                connection.rollback(); // ends the transaction, and with it the lock
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not take or let go of the lock on " + key, e);
        }
    }

    static int hash(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
