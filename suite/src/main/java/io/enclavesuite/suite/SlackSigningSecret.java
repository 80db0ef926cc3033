package io.enclavesuite.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The signing secret the gateway checks Slack requests with: the Slack app's own ({@code SLACK_SIGNING_SECRET}) when
 * a workspace is connected, otherwise a local one kept in the data folder, so requests can be signed by hand
 * ({@code enclavectl slack}) without any workspace.
 */
record SlackSigningSecret(String value, String origin) {

    static final String VARIABLE = "SLACK_SIGNING_SECRET";
    static final String FILE = "signing-secret";

    static SlackSigningSecret of(Map<String, String> env, Path folder) {
        String given = env.get(VARIABLE);
        if (given != null && !given.isBlank()) {
            return new SlackSigningSecret(given.strip(), "$" + VARIABLE);
        }
        Path file = folder.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(folder);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own protection applies
                }
            }
            return new SlackSigningSecret(Files.readString(file, StandardCharsets.US_ASCII).strip(), "local, in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local Slack signing secret " + file, e);
        }
    }
}
