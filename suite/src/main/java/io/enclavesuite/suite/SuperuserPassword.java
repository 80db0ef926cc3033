package io.enclavesuite.suite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The embedded PostgreSQL's superuser password: generated once per data folder, kept in {@code postgres-password}
 * (owner-only), and the only way in. Both kinds of embedded cluster are made by {@code initdb} with trust
 * authentication; {@link #require} gives the superuser this password and rewrites the cluster's {@code pg_hba.conf}
 * so every connection, local or over the loopback, proves a password with SCRAM.
 */
final class SuperuserPassword {

    static final String FILE = "postgres-password";

    /** What the cluster's pg_hba.conf says once the suite has started it: a password for every connection. */
    static final String HBA = """
            # Written by the Enclave Suite on every start: every connection proves its password (SCRAM). The superuser's
            # is in the data folder's postgres-password; the enclaves' roles have their own.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperuserPassword() {
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The data folder's password, made on first use: 256 random bits, URL-safe Base64 (no quote can occur). */
    static String readOrCreate(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(dataDir);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n");
            } catch (FileAlreadyExistsException raced) {
                // another start made it first: use that one
            }
        }
        String password = Files.readString(file).strip();
        if (!password.matches("[A-Za-z0-9_-]{32,}")) {
            throw new IOException(file + " does not hold a password the suite made (URL-safe Base64, at least 32 "
                    + "characters): put the right one back, or start over with a new data folder");
        }
        return password;
    }

    /** Sets the superuser's password and, where the cluster still trusts, makes every connection prove one. */
    static void require(Statement superuser, String password) throws SQLException, IOException {
        superuser.execute("alter role " + EmbeddedPostgresServer.USER + " password '" + password + "'");
        Path hba;
        try (ResultSet rows = superuser.executeQuery("show hba_file")) {
            rows.next();
            hba = Path.of(rows.getString(1));
        }
        if (!Files.readString(hba).equals(HBA)) {
            Files.writeString(hba, HBA); // the file keeps its owner: the server's user reads it
            superuser.execute("select pg_reload_conf()");
        }
    }
}
