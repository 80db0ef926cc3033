package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link DatabaseProvisioner} on the shared PostgreSQL server, through an administrator connection (a role with
 * CREATEDB and CREATEROLE). Names come only from validated {@link EnclaveId}s and {@link TentacleName}s and are
 * always written as quoted identifiers; values go through bind parameters, and the only literal in DDL — a
 * password — is base64url by construction. Every role the provisioner makes carries a comment naming its enclave,
 * so deprovisioning finds them all.
 * <ul>
 *   <li>database {@code enclave-<name>}, owned by role {@code enclave-<name>}; CONNECT revoked from PUBLIC; copied
 *       from {@link EnclaveTemplate}, so its {@code public} schema is closed to PUBLIC from the start;</li>
 *   <li>per generation of a tentacle's data ({@link TentacleData}: {@code <tentacle>} or {@code <tentacle>_<n>}):
 *       login role {@code enclave-<name>.<data>} (shortened with a hash past PostgreSQL's 63 characters), CONNECT on
 *       its enclave's database only, and schema {@code <data>} it owns, which is also its default search path. Its
 *       password is derived from the role and the deployment it serves, so each deployment has its own.</li>
 *   <li>every other database the administrator may change that a suite role could reach — the one it connects to
 *       (by default the suite's own, {@code enclaves}), {@code postgres} and {@code template1} — has CONNECT revoked
 *       from PUBLIC; the login roles that are not the suite's keep it through a grant of their own, so nothing
 *       else loses access. PostgreSQL grants CONNECT on a new database to PUBLIC, and no privilege can be denied to
 *       one role alone: revoking PUBLIC's is what keeps a tentacle's role out.</li>
 * </ul>
 */
public class PostgresDatabaseProvisioner implements DatabaseProvisioner {

    private static final int MAX_IDENTIFIER = 63;
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String DUPLICATE_SCHEMA = "42P06";

    private final String adminUrl;
    private final String adminUser;
    private final String adminPassword;
    private final String host;
    private final int port;
    private final CredentialKey credentials;
    private final EnclaveTemplate template = new EnclaveTemplate(this::admin);

    /**
     * @param host what workloads connect to (a Service name in the cluster), which need not be how this service
     *             reaches the server
     */
    public PostgresDatabaseProvisioner(String adminUrl, String adminUser, String adminPassword, String host, int port,
                                       CredentialKey credentials) {
        if (!JDBC_URL.matcher(adminUrl).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + adminUrl);
        }
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.host = host;
        this.port = port;
        this.credentials = credentials;
    }

    static String databaseOf(EnclaveId enclave) {
        return enclave.namespace(); // "enclave-<name>": at most 63 characters, like the namespace
    }

    static String enclaveRoleOf(EnclaveId enclave) {
        return enclave.namespace();
    }

    static String tentacleRoleOf(EnclaveId enclave, TentacleData data) {
        String name = enclave.namespace() + "." + data.name();
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        return name.substring(0, MAX_IDENTIFIER - 13) + "~" + sha256(name).substring(0, 12);
    }

    private static String marker(EnclaveId enclave) {
        return "enclave-suite:enclave=" + enclave.value();
    }

    @Override
    public void ensureEnclaveDatabase(EnclaveId enclave) {
        String role = enclaveRoleOf(enclave);
        String database = databaseOf(enclave);
        try (Connection admin = admin(null)) {
            SharedDatabases.close(admin);
            String template = this.template.ensure(admin);
            try (CatalogLock lock = CatalogLock.take(admin, database)) {
                ensureLoginRole(admin, role, enclave, credentials.passwordFor(role));
                boolean copied = false;
                if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
                    copied = copy(admin, template, database, role);
                }
                execute(admin, "REVOKE ALL ON DATABASE " + quote(database) + " FROM PUBLIC");
                if (!copied) {
                    // made by an earlier attempt, an earlier version or by hand: its schema is brought to the spec
                    try (Connection inside = admin(database)) {
                        execute(inside, "REVOKE ALL ON SCHEMA public FROM PUBLIC");
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("database of enclave '" + enclave + "'", e);
        }
    }

    @Override
    public DatabaseCredentials ensureTentacleSchema(EnclaveId enclave, TentacleData data, int deployment) {
        ensureEnclaveDatabase(enclave);
        String database = databaseOf(enclave);
        String role = tentacleRoleOf(enclave, data);
        String schema = data.name();
        String password = credentials.passwordFor(role, deployment);
        TentacleName tentacle = data.tentacle();
        try (Connection admin = admin(null); CatalogLock lock = CatalogLock.take(admin, database)) {
            ensureLoginRole(admin, role, enclave, password);
            execute(admin, "GRANT CONNECT ON DATABASE " + quote(database) + " TO " + quote(role));
            execute(admin, "ALTER ROLE " + quote(role) + " IN DATABASE " + quote(database)
                    + " SET search_path = " + quote(schema));
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("role of tentacle '" + tentacle + "' in enclave '" + enclave + "'", e);
        }
        try (Connection inside = admin(database)) {
            if (!exists(inside, "select 1 from pg_namespace where nspname = ?", schema)) {
                ignoring(DUPLICATE_SCHEMA, inside, "CREATE SCHEMA " + quote(schema) + " AUTHORIZATION " + quote(role));
            }
            execute(inside, "ALTER SCHEMA " + quote(schema) + " OWNER TO " + quote(role));
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("schema of tentacle '" + tentacle + "' in enclave '" + enclave + "'", e);
        }
        return new DatabaseCredentials(host, port, database, role, password, schema);
    }

    /**
     * Converges without a gap: a grantee keeps what its level includes while the rest is revoked. Grants are
     * within the enclave's database, which only the enclave's roles may connect to — so never across enclaves.
     */
    @Override
    public void setSchemaAccess(EnclaveId enclave, TentacleData data, Map<TentacleData, SchemaAccess> grants) {
        TentacleName tentacle = data.tentacle();
        String owner = tentacleRoleOf(enclave, data);
        String schema = quote(data.name());
        Map<String, SchemaAccess> wanted = new HashMap<>();
        grants.forEach((grantee, access) -> wanted.put(tentacleRoleOf(enclave, grantee), access));
        try (Connection inside = admin(databaseOf(enclave))) {
            for (String role : granteesOf(inside, data.name())) {
                if (!wanted.containsKey(role)) {
                    revoke(inside, owner, schema, quote(role), "ALL", "ALL");
                    execute(inside, "REVOKE ALL ON SCHEMA " + schema + " FROM " + quote(role));
                }
            }
            for (Map.Entry<String, SchemaAccess> grant : wanted.entrySet()) {
                String role = quote(grant.getKey());
                boolean write = grant.getValue() == SchemaAccess.WRITE;
                revoke(inside, owner, schema, role, write ? "TRUNCATE, REFERENCES, TRIGGER"
                        : "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER", write ? "UPDATE" : "USAGE, UPDATE");
                String tables = write ? "SELECT, INSERT, UPDATE, DELETE" : "SELECT";
                String sequences = write ? "USAGE, SELECT" : "SELECT";
                execute(inside, "GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                execute(inside, "GRANT " + tables + " ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
                execute(inside, "GRANT " + sequences + " ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
                execute(inside, "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(owner) + " IN SCHEMA " + schema
                        + " GRANT " + tables + " ON TABLES TO " + role);
                execute(inside, "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(owner) + " IN SCHEMA " + schema
                        + " GRANT " + sequences + " ON SEQUENCES TO " + role);
            }
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("access to the schema of tentacle '" + tentacle + "' in enclave '"
                    + enclave + "'", e);
        }
    }

    private static void revoke(Connection inside, String owner, String schema, String role, String onTables,
                               String onSequences) throws SQLException {
        execute(inside, "REVOKE " + onTables + " ON ALL TABLES IN SCHEMA " + schema + " FROM " + role);
        execute(inside, "REVOKE " + onSequences + " ON ALL SEQUENCES IN SCHEMA " + schema + " FROM " + role);
        execute(inside, "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(owner) + " IN SCHEMA " + schema
                + " REVOKE " + onTables + " ON TABLES FROM " + role);
        execute(inside, "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(owner) + " IN SCHEMA " + schema
                + " REVOKE " + onSequences + " ON SEQUENCES FROM " + role);
    }

    /** The roles the schema's access list names besides its owner. */
    private static List<String> granteesOf(Connection inside, String schema) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement query = inside.prepareStatement("""
                select distinct r.rolname
                from pg_namespace n cross join lateral aclexplode(n.nspacl) a join pg_roles r on r.oid = a.grantee
                where n.nspname = ? and a.grantee <> n.nspowner""")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(rows.getString(1));
                }
            }
        }
        return roles;
    }

    /** Until the role is dropped or its keeper deploys again, no one logs in as it: the schema is the admin's alone. */
    @Override
    public void closeTentacleLogin(EnclaveId enclave, TentacleData data) {
        String role = tentacleRoleOf(enclave, data);
        try (Connection admin = admin(null)) {
            if (exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
                execute(admin, "ALTER ROLE " + quote(role) + " NOLOGIN");
                terminateSessions(admin, role);
            }
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("role of tentacle '" + data.tentacle() + "' in enclave '" + enclave
                    + "'", e);
        }
    }

    @Override
    public void dropTentacleSchema(EnclaveId enclave, TentacleData data) {
        TentacleName tentacle = data.tentacle();
        String database = databaseOf(enclave);
        String role = tentacleRoleOf(enclave, data);
        try (Connection admin = admin(null)) {
            boolean roleExists = exists(admin, "select 1 from pg_roles where rolname = ?", role);
            if (exists(admin, "select 1 from pg_database where datname = ?", database)) {
                try (Connection inside = admin(database)) {
                    execute(inside, "DROP SCHEMA IF EXISTS " + quote(data.name()) + " CASCADE");
                    if (roleExists) {
                        // also revokes what it was granted here and on the database itself
                        execute(inside, "DROP OWNED BY " + quote(role));
                    }
                }
            }
            if (roleExists) {
                dropRole(admin, role);
            }
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("schema of tentacle '" + tentacle + "' in enclave '" + enclave + "'", e);
        }
    }

    @Override
    public void dropEnclaveDatabase(EnclaveId enclave) {
        try (Connection admin = admin(null)) {
            execute(admin, "DROP DATABASE IF EXISTS " + quote(databaseOf(enclave)) + " WITH (FORCE)");
            for (String role : rolesOf(admin, enclave)) {
                dropRole(admin, role);
            }
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("database of enclave '" + enclave + "'", e);
        }
    }

    /** Whether this call made the database, from the closed template; false when another step made it first. */
    private boolean copy(Connection admin, String template, String database, String role) throws SQLException {
        try {
            return ignoring(DUPLICATE_DATABASE, admin, "CREATE DATABASE " + quote(database) + " OWNER " + quote(role)
                    + " TEMPLATE " + quote(template));
        } catch (SQLException e) {
            this.template.copyFailed(e);
            throw e;
        }
    }

    /**
     * In one transaction, so no other session ever sees the role without its marker: a provisioning beside this one
     * would take it for a role that is not the suite's and grant it CONNECT on the shared databases.
     */
    private static void ensureLoginRole(Connection admin, String role, EnclaveId enclave, String password)
            throws SQLException {
        requireBase64Url(password);
        admin.setAutoCommit(false);
        try {
            if (!exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
                execute(admin, "CREATE ROLE " + quote(role) + " LOGIN NOINHERIT");
            }
            execute(admin, "ALTER ROLE " + quote(role) + " LOGIN PASSWORD '" + password + "'");
            execute(admin, "COMMENT ON ROLE " + quote(role) + " IS '" + marker(enclave) + "'");
            admin.commit();
        } catch (SQLException e) {
            admin.rollback();
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
            // another step created it between the check and the create: bring it to the spec as it stands
            admin.setAutoCommit(true);
            ensureLoginRole(admin, role, enclave, password);
        } finally {
            admin.setAutoCommit(true);
        }
    }

    private static void dropRole(Connection admin, String role) throws SQLException {
        terminateSessions(admin, role);
        execute(admin, "DROP ROLE IF EXISTS " + quote(role));
    }

    private static void terminateSessions(Connection admin, String role) throws SQLException {
        try (PreparedStatement sessions = admin.prepareStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where usename = ?")) {
            sessions.setString(1, role);
            sessions.execute();
        }
    }

    private static List<String> rolesOf(Connection admin, EnclaveId enclave) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement query = admin.prepareStatement(
                "select rolname from pg_roles where shobj_description(oid, 'pg_authid') = ? order by rolname desc")) {
            query.setString(1, marker(enclave));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(rows.getString(1));
                }
            }
        }
        return roles;
    }

    @Override
    public List<Missing> missingForTentacles(EnclaveId enclave, java.util.Collection<TentacleData> data) {
        List<Missing> missing = new ArrayList<>();
        if (data.isEmpty()) {
            return missing;
        }
        String database = databaseOf(enclave);
        boolean databaseThere;
        try (Connection admin = admin(null)) {
            for (TentacleData each : data) {
                String role = tentacleRoleOf(enclave, each);
                if (!exists(admin, "select 1 from pg_roles where rolname = ? and rolcanlogin", role)) {
                    missing.add(new Missing(each, "PostgresRole", role));
                }
            }
            databaseThere = exists(admin, "select 1 from pg_database where datname = ?", database);
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("roles and databases of enclave '" + enclave + "'", e);
        }
        if (!databaseThere) {
            data.forEach(each -> missing.add(new Missing(each, "PostgresDatabase", database)));
            return missing;
        }
        try (Connection inside = admin(database)) {
            for (TentacleData each : data) {
                if (!exists(inside, "select 1 from pg_namespace where nspname = ?", each.name())) {
                    missing.add(new Missing(each, "PostgresSchema", each.name()));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseProvisioningFailed("schemas of enclave '" + enclave + "'", e);
        }
        return missing;
    }

    private Connection admin(String database) throws SQLException {
        String url = adminUrl;
        if (database != null) {
            Matcher parts = JDBC_URL.matcher(adminUrl);
            parts.matches();
            url = parts.group(1) + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8)
                    + (parts.group(3) == null ? "" : parts.group(3));
        }
        Connection connection = DriverManager.getConnection(url, adminUser, adminPassword);
        connection.setAutoCommit(true); // CREATE / DROP DATABASE refuse to run inside a transaction
        return connection;
    }

    static boolean exists(Connection connection, String query, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Another step created it between the check and the create: that is the outcome wanted.
     *
     * @return whether this call created it
     */
    private static boolean ignoring(String sqlState, Connection connection, String sql) throws SQLException {
        try {
            execute(connection, sql);
            return true;
        } catch (SQLException e) {
            if (!sqlState.equals(e.getSQLState())) {
                throw e;
            }
            return false;
        }
    }

    /** A quoted identifier; the names it gets are validated DNS labels, and quoting doubles any quote regardless. */
    static String quote(String identifier) {
        if (identifier.isEmpty() || identifier.length() > MAX_IDENTIFIER || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a PostgreSQL identifier: '" + identifier + "'");
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void requireBase64Url(String password) {
        if (!password.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalStateException("a derived password is base64url");
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
