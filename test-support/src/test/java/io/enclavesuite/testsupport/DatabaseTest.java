package io.enclavesuite.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@EnclaveInfrastructure
class DatabaseTest {

    @Test
    void eachNewDatabaseIsDistinctEmptyAndWritable(TestInfrastructure infrastructure) throws SQLException {
        String first = infrastructure.newDatabase();
        String second = infrastructure.newDatabase();

        assertThat(first).startsWith("jdbc:postgresql://").isNotEqualTo(second);
        try (Connection one = connect(infrastructure, first); Connection two = connect(infrastructure, second)) {
            assertThat(publicTableCount(one)).isZero();
            assertThat(publicTableCount(two)).isZero();

            execute(one, "CREATE TABLE note (id int PRIMARY KEY, text varchar(100) NOT NULL)");
            execute(one, "INSERT INTO note VALUES (1, 'only in the first database')");

            assertThat(queryText(one, "SELECT text FROM note WHERE id = 1")).isEqualTo("only in the first database");
            assertThat(publicTableCount(two)).isZero();
            execute(two, "CREATE TABLE note (id int PRIMARY KEY)");
            assertThat(queryText(two, "SELECT count(*) FROM note")).isEqualTo("0");
        }
    }

    private static Connection connect(TestInfrastructure infrastructure, String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword());
    }

    private static int publicTableCount(Connection connection) throws SQLException {
        return Integer.parseInt(queryText(connection,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String queryText(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}
