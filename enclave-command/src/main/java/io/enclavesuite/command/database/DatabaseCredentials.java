package io.enclavesuite.command.database;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a tentacle reaches its schema in its enclave's database. {@link #environment()} gives the keys libpq and most
 * PostgreSQL clients read directly, so a Secret with them can be mounted with {@code envFrom} and nothing else.
 */
public record DatabaseCredentials(String host, int port, String database, String user, String password,
                                  String schema) {

    public DatabaseCredentials {
        Objects.requireNonNull(host, "host is required");
        Objects.requireNonNull(database, "database is required");
        Objects.requireNonNull(user, "user is required");
        Objects.requireNonNull(password, "password is required");
        Objects.requireNonNull(schema, "schema is required");
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGDATABASE", database);
        env.put("PGUSER", user);
        env.put("PGPASSWORD", password);
        env.put("PGSCHEMA", schema);
        // libpq applies it at connect: unqualified names land in the tentacle's own schema.
        env.put("PGOPTIONS", "-c search_path=" + schema);
        return env;
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + user + "@" + host + ":" + port + "/" + database + ", schema " + schema + "]";
    }
}
