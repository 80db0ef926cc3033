package io.enclavesuite.suite;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's SCRAM login to the in-process broker, kept in the data folder as a file of ready-to-use Kafka client
 * settings ({@code <folder>/<user>.properties}, readable by its owner only): what a service of the suite logs in
 * with, and what {@code enclavectl} or Kafka's own tools ({@code --command-config}) can use as they are. The password
 * is random and made once; deleting the file makes a new one at the next start, which replaces the old.
 */
record KafkaLogin(String user, String password, Path file) {

    static final String MECHANISM = "SCRAM-SHA-256";
    private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]+)\"");

    @Override
    public String toString() {
        return "KafkaLogin[" + user + ", " + file + "]"; // never the password
    }

    /** The client settings: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}. */
    Map<String, String> clientSettings() {
        return settings(user, password);
    }

    static Map<String, String> settings(String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return settings;
    }

    static KafkaLogin loadOrCreate(Path folder, String user, SecureRandom random) {
        Path file = folder.resolve(user + ".properties");
        try {
            if (!Files.exists(file)) {
                create(folder, file, user, random);
            }
            Properties settings = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                settings.load(in);
            }
            Matcher password = PASSWORD.matcher(settings.getProperty("sasl.jaas.config", ""));
            if (!password.find()) {
                throw new IllegalStateException("no password in " + file + ": delete the file and start again for a new one");
            }
            return new KafkaLogin(user, password.group(1), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the Kafka login " + file, e);
        }
    }

    private static void create(Path folder, Path file, String user, SecureRandom random) throws IOException {
        Files.createDirectories(folder);
        ownerOnly(folder, "rwx------");
        String password = EmbeddedKafkaServer.password(random);
        StringBuilder text = new StringBuilder("# ").append(user).append("'s login to the Enclave Suite's in-process Kafka ")
                .append("broker, made by the suite. Delete this file and restart the suite for a new password.\n");
        settings(user, password).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        // written whole under another name, then moved: a half-written file is never read as a login
        Path partial = folder.resolve(user + ".properties.partial");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(partial); // not a POSIX file system: the data folder's own protection applies
        }
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        try {
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(partial);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own protection applies
        }
    }
}
