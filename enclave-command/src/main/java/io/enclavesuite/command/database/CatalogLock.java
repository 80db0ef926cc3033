package io.enclavesuite.command.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A session-level PostgreSQL advisory lock that serialises the provisioner's catalog changes on one object: two
 * sessions that GRANT on, ALTER or COMMENT ON the same database or role at once make one fail with "tuple concurrently
 * updated", and provisioning steps of different enclaves, of one enclave's sagas, or of several replicas run side by
 * side. Keyed by name under a class of its own, in the administrator's database; held on the administrator's
 * connection, so closing that connection releases it too.
 */
final class CatalogLock implements AutoCloseable {

    /** The suite's own and PostgreSQL's databases, which every provisioning keeps closed to the enclaves' roles. */
    static final String SHARED_DATABASES = "shared databases";
    private static final int LOCK_CLASS = 0x656e6364; // "encd": the enclave databases' catalog

    private final Connection admin;
    private final String name;

    private CatalogLock(Connection admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /** Waits for the lock on {@code name} (an enclave's database, or {@link #SHARED_DATABASES}). */
    static CatalogLock take(Connection admin, String name) throws SQLException {
        call(admin, "select pg_advisory_lock(?, hashtext(?))", name);
        return new CatalogLock(admin, name);
    }

    @Override
    public void close() throws SQLException {
        if (!admin.isClosed()) {
            call(admin, "select pg_advisory_unlock(?, hashtext(?))", name);
        }
    }

    private static void call(Connection admin, String sql, String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(sql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, name);
            statement.execute();
        }
    }
}
