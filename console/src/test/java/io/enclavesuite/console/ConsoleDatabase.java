package io.enclavesuite.console;

import io.enclavesuite.testsupport.TestInfrastructure;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's database in tests: a fresh one on the test infrastructure's PostgreSQL (the console makes its schema
 * with Flyway at start), the arguments that point a console at it, and what its session tables hold.
 */
public final class ConsoleDatabase {

    private final String jdbcUrl;

    private ConsoleDatabase(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** An empty database of its own; pass {@link #arguments()} to every console that shares it. */
    public static ConsoleDatabase fresh() {
        return new ConsoleDatabase(TestInfrastructure.get().newDatabase());
    }

    public List<String> arguments() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return List.of("--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + infrastructure.postgresUsername(),
                "--spring.datasource.password=" + infrastructure.postgresPassword());
    }

    /** One row of {@code console.spring_session_attributes}. */
    public record Attribute(String name, byte[] bytes) {

        /** The bytes as text: Java serialization writes strings as (modified) UTF-8, so a stored string shows. */
        public String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Every attribute of every session, as stored. */
    public List<Attribute> attributes() throws SQLException {
        List<Attribute> attributes = new ArrayList<>();
        query("select attribute_name, attribute_bytes from console.spring_session_attributes", rows -> {
            while (rows.next()) {
                attributes.add(new Attribute(rows.getString(1), rows.getBytes(2)));
            }
        });
        return attributes;
    }

    /** The principal names of the sessions stored (null for a session nobody has signed in to). */
    public List<String> principals() throws SQLException {
        List<String> principals = new ArrayList<>();
        query("select principal_name from console.spring_session", rows -> {
            while (rows.next()) {
                principals.add(rows.getString(1));
            }
        });
        return principals;
    }

    /** Runs a statement that changes rows, as someone with the database's login could. */
    public int update(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private interface Rows {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String sql, Rows reader) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            reader.read(rows);
        }
    }

    private Connection connect() throws SQLException {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return DriverManager.getConnection(jdbcUrl, infrastructure.postgresUsername(), infrastructure.postgresPassword());
    }
}
