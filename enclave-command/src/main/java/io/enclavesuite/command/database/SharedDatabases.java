package io.enclavesuite.command.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.enclavesuite.command.database.PostgresDatabaseProvisioner.execute;
import static io.enclavesuite.command.database.PostgresDatabaseProvisioner.exists;
import static io.enclavesuite.command.database.PostgresDatabaseProvisioner.quote;

/** The databases besides the enclaves' that the provisioner keeps closed to the enclaves' roles. */
final class SharedDatabases {

    /**
     * The databases a suite role must not reach and the administrator may close. Login roles without the suite's
     * marker get CONNECT of their own first: the suite's services and anyone else keep what PUBLIC gave them. Every
     * provisioning asks, and mostly nothing is left to do: the grants are read first and written only when one is
     * missing, under the catalog lock, because concurrent GRANTs on one database collide in PostgreSQL ("tuple
     * concurrently updated").
     */
    static void close(Connection admin) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Statement query = admin.createStatement();
             ResultSet rows = query.executeQuery("""
                     select datname from pg_database
                     where datname in (current_database(), 'postgres', 'template1') and pg_has_role(datdba, 'USAGE')
                     and datname not like 'enclave-%'""")) {
            while (rows.next()) {
                databases.add(rows.getString(1));
            }
        }
        if (databases.isEmpty()) {
            return;
        }
        List<String> others = new ArrayList<>();
        try (Statement query = admin.createStatement();
             ResultSet rows = query.executeQuery("""
                     select rolname from pg_roles where rolcanlogin
                     and coalesce(shobj_description(oid, 'pg_authid'), '') not like 'enclave-suite:enclave=%'""")) {
            while (rows.next()) {
                others.add(rows.getString(1));
            }
        }
        if (closed(admin, databases, others)) {
            return;
        }
        try (CatalogLock lock = CatalogLock.take(admin, CatalogLock.SHARED_DATABASES)) {
            for (String database : databases) {
                List<String> granted = connectGrantees(admin, database);
                for (String role : others) {
                    if (!granted.contains(role)) {
                        execute(admin, "GRANT CONNECT ON DATABASE " + quote(database) + " TO " + quote(role));
                    }
                }
                if (publicConnects(admin, database)) {
                    execute(admin, "REVOKE CONNECT ON DATABASE " + quote(database) + " FROM PUBLIC");
                }
            }
        }
    }

    /** Whether PUBLIC may connect to none of {@code databases} and each of {@code roles} may to all of them. */
    private static boolean closed(Connection admin, List<String> databases, List<String> roles) throws SQLException {
        for (String database : databases) {
            if (publicConnects(admin, database) || !connectGrantees(admin, database).containsAll(roles)) {
                return false;
            }
        }
        return true;
    }

    private static boolean publicConnects(Connection admin, String database) throws SQLException {
        return exists(admin, "select 1 where has_database_privilege('public', ?, 'CONNECT')", database);
    }

    /** The roles the database's access list grants CONNECT by name. */
    private static List<String> connectGrantees(Connection admin, String database) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement query = admin.prepareStatement("""
                select r.rolname
                from pg_database d cross join lateral aclexplode(d.datacl) a join pg_roles r on r.oid = a.grantee
                where d.datname = ? and a.privilege_type = 'CONNECT'""")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(rows.getString(1));
                }
            }
        }
        return roles;
    }

    private SharedDatabases() {
    }
}
