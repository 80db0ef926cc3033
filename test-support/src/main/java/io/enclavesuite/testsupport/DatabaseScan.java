package io.enclavesuite.testsupport;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;

/**
 * Every value of every row of every table of a database outside PostgreSQL's own schemas, as text (byte columns read
 * as UTF-8) — for tests that must show some data is nowhere: event stores, snapshots, sagas, tokens, deadlines and
 * read models of every service alike.
 */
public final class DatabaseScan {

    public static List<String> tables(JdbcTemplate database) {
        return database.queryForList("""
                select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
                where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                order by 1""", String.class);
    }

    public static List<String> everyValue(JdbcTemplate database) {
        List<String> values = new ArrayList<>();
        for (String table : tables(database)) {
            database.query("select * from " + table, (ResultSet rs) -> {
                ResultSetMetaData columns = rs.getMetaData();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    if (value instanceof byte[] bytes) {
                        values.add(new String(bytes, StandardCharsets.UTF_8));
                    } else if (value != null) {
                        values.add(value.toString());
                    }
                }
            });
        }
        return values;
    }

    private DatabaseScan() {
    }
}
