package io.enclavesuite.suite;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * This machine's own PostgreSQL binaries, for where zonky's cannot run: as root zonky needs user namespaces
 * ({@code unshare -U}), which containers often forbid. PostgreSQL refuses to run as root, so as root every step runs
 * as the {@code postgres} user, who owns the data folder. {@code pg_ctl} starts the server in its own session, so a
 * Ctrl-C in the terminal reaches the suite, which then stops it in order.
 */
final class MachinePostgres {

    static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final boolean asRoot;

    private MachinePostgres(Path bin, Path dataDir, boolean asRoot) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.asRoot = asRoot;
    }

    /** The folder holding {@code initdb} and {@code pg_ctl}: on the PATH first, then where packages put them. */
    static Optional<Path> findBinaries(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        for (String entry : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                candidates.add(Path.of(entry));
            }
        }
        candidates.addAll(newestFirst(Path.of("/usr/lib/postgresql"), "")); // Debian, Ubuntu: /usr/lib/postgresql/15/bin
        candidates.addAll(newestFirst(Path.of("/usr"), "pgsql-"));          // RHEL, Fedora: /usr/pgsql-15/bin
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                // /usr/local/bin/pg_ctl may be a link into the versioned folder, where the postgres binary lives too
                .map(dir -> realParent(dir.resolve("pg_ctl")))
                .findFirst();
    }

    static String places() {
        return "the PATH, /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin";
    }

    private static List<Path> newestFirst(Path parent, String prefix) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.getFileName().toString().substring(prefix.length()).matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble(
                            (Path p) -> Double.parseDouble(p.getFileName().toString().substring(prefix.length())))
                            .reversed())
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path realParent(Path file) {
        try {
            return file.toRealPath().getParent();
        } catch (IOException e) {
            return file.getParent();
        }
    }

    /** Creates the cluster on first use (trust authentication on localhost only), then starts it. */
    static MachinePostgres start(Path bin, Path dataDir, int port) throws IOException {
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dataDir);
        if (asRoot) {
            UserPrincipal postgres;
            try {
                postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            } catch (IOException e) {
                throw new IOException("running as root, the machine's PostgreSQL must run as the user '" + SUPERUSER
                        + "', and there is none");
            }
            Files.setOwner(dataDir, postgres);
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        MachinePostgres server = new MachinePostgres(bin, dataDir, asRoot);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            server.run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--auth=trust", "-E", "UTF8", "--no-locale"), 120);
        }
        // No Unix socket (-k ''): JDBC uses TCP, and a deep data folder would exceed the socket path limit.
        server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dataDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=localhost -k ''", "start"), 90);
        return server;
    }

    String version() {
        try {
            return "PostgreSQL " + Files.readString(dataDir.resolve("PG_VERSION")).strip() + " from " + bin;
        } catch (IOException e) {
            return "PostgreSQL from " + bin;
        }
    }

    void stop() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), 90);
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("enclave-postgres", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(new File("/")) // the postgres user may not be allowed into the working directory
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                String log = Files.exists(dataDir.resolve("server.log")) ? "\n" + tail(dataDir.resolve("server.log")) : "";
                throw new IOException(String.join(" ", full) + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(output).strip() + log
                        + (asRoot ? "\n(The user '" + SUPERUSER + "' must be able to reach " + dataDir
                        + ": choose a --data-dir= outside a private home folder.)" : ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
