package io.enclavesuite.write.replicas;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells the event store that an append collided on a unique key (SQLSTATE 23505), so that Axon throws its
 * {@code ConcurrencyException} — an aggregate's next sequence number was taken by another replica — instead of a
 * plain {@code EventStoreException}. Axon's Spring Boot default ({@code JdbcSQLErrorCodesResolver}) only knows
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws: a collision there looked
 * like a broken database, and nothing retried it as the race it is.
 */
public final class PostgresDuplicateKeys implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    /** A batch's failure carries its cause as the next exception, not as its cause. */
    private static boolean isUniqueViolation(SQLException sql) {
        SQLException e = sql;
        for (int depth = 0; e != null && depth < 16; depth++, e = e.getNextException()) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
