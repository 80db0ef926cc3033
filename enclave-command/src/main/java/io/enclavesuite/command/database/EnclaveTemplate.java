package io.enclavesuite.command.database;

import java.sql.Connection;
import java.sql.SQLException;

import static io.enclavesuite.command.database.PostgresDatabaseProvisioner.execute;
import static io.enclavesuite.command.database.PostgresDatabaseProvisioner.exists;
import static io.enclavesuite.command.database.PostgresDatabaseProvisioner.quote;

/**
 * The database every enclave's database is copied from: PostgreSQL's {@code template1} with its {@code public}
 * schema closed to PUBLIC, itself closed to every role but the administrator. A database copied from it is closed
 * from its first moment, so provisioning needs no session inside it (a connection, and its authentication, per
 * enclave). Built once per server, under the catalog lock, by whichever provisioning needs it first: under a name of
 * its own, then renamed, so no provisioning ever copies a half-built template.
 */
final class EnclaveTemplate {

    /** An underscore: an enclave's database is named like its namespace, a DNS label, so none can take this name. */
    static final String NAME = "enclave_suite_template";
    private static final String BUILDING = NAME + "_building";
    private static final String NO_SUCH_DATABASE = "3D000";

    /** How the template is entered to close its schema. */
    interface Sessions {
        Connection inside(String database) throws SQLException;
    }

    private final Sessions sessions;
    private volatile boolean built;

    EnclaveTemplate(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The template's name, once it stands on the server. */
    String ensure(Connection admin) throws SQLException {
        if (built || exists(admin, "select 1 from pg_database where datname = ?", NAME)) {
            built = true;
            return NAME;
        }
        try (CatalogLock lock = CatalogLock.take(admin, NAME)) {
            if (!exists(admin, "select 1 from pg_database where datname = ?", NAME)) {
                // a build cut short (a crash, a lost connection) leaves its copy behind; it may hold anything
                execute(admin, "DROP DATABASE IF EXISTS " + quote(BUILDING) + " WITH (FORCE)");
                execute(admin, "CREATE DATABASE " + quote(BUILDING) + " TEMPLATE template1");
                execute(admin, "REVOKE ALL ON DATABASE " + quote(BUILDING) + " FROM PUBLIC");
                try (Connection inside = sessions.inside(BUILDING)) {
                    execute(inside, "REVOKE ALL ON SCHEMA public FROM PUBLIC");
                }
                // PostgreSQL waits a few seconds for the session just closed to end before it renames
                execute(admin, "ALTER DATABASE " + quote(BUILDING) + " RENAME TO " + quote(NAME));
            }
        }
        built = true;
        return NAME;
    }

    /** A copy that failed because the template is gone (dropped by hand) builds it again on the next attempt. */
    void copyFailed(SQLException e) {
        if (NO_SUCH_DATABASE.equals(e.getSQLState())) {
            built = false;
        }
    }
}
