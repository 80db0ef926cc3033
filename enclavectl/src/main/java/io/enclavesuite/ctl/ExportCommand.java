package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.manifest.EnclaveManifest;
import io.enclavesuite.api.manifest.EnclaveManifestFold;
import io.enclavesuite.api.manifest.ManifestFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code enclavectl export --enclave NAME [--as-of INSTANT] [--out DIR]}: the files the Git mirror keeps for an
 * enclave — {@code enclaves/<name>/enclave.yaml} and one per tentacle — written from the enclave's audit history as
 * the read API gives it to the reader, folded and rendered by the same code as the mirror's, so the same history
 * gives the same bytes. As of an instant, the events up to and including it. The reader sees no tentacle hidden
 * from them: export as the owner for the mirror's files.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write an enclave's manifest files (enclaves/<name>/enclave.yaml, one file per tentacle) as the"
                + " Git mirror keeps them, from its history, now or as of an instant."},
        footer = {"%nExamples:", "  enclavectl export --enclave growth --as U0ALICE --out ./state",
                "  enclavectl export --enclave growth --as U0ALICE --as-of 2026-12-01T10:00:00Z"})
final class ExportCommand implements Callable<Integer> {

    /** The read API stores instants to the microsecond and its {@code to} excludes: one more makes it inclusive. */
    private static final Duration FINEST_STORED = Duration.ofNanos(1_000);

    @Option(names = "--enclave", required = true, description = "the enclave's name")
    String enclave;

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "the state as of this ISO-8601 instant, e.g."
            + " 2026-12-01T10:00:00Z (default: now)")
    String asOf;

    @Option(names = "--out", defaultValue = ".", description = "the folder the enclaves/ tree is written under"
            + " (default: the current folder)")
    Path out;

    @Option(names = "--api", defaultValue = "${env:ENCLAVE_API:-http://localhost:8080}",
            description = "the read API (default: $ENCLAVE_API or ${DEFAULT-VALUE})")
    URI api;

    @Option(names = "--as", description = "the reader, a Slack user id: a token is minted for them with the local"
            + " issuer's key")
    String reader;

    @Option(names = "--token", defaultValue = "${env:ENCLAVE_TOKEN}",
            description = "a bearer token for the read API instead (default: $ENCLAVE_TOKEN)")
    String token;

    @Option(names = "--key-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/api/token-key.pem",
            description = "the local issuer's key, for --as (default: ${DEFAULT-VALUE})")
    Path keyFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EnclaveId id = EnclaveId.of(enclave);
        Optional<Instant> instant = instant();
        String bearer = bearer();
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(history(id, instant)).timeout(Duration.ofMinutes(2))
                            .header("Authorization", "Bearer " + bearer).header("Accept", "application/x-ndjson")
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.printf("cannot reach the read API at %s (%s): is the suite running? Name it with --api%n", api,
                    e.getClass().getSimpleName());
            return EnclaveCtl.NO_ANSWER;
        }
        if (response.statusCode() != 200) {
            err.println(switch (response.statusCode()) {
                case 401 -> "refused: the token was not accepted (is --key-file the suite's key?)";
                case 404 -> "no enclave named '" + id.value() + "' that you may read";
                default -> "the read API answered " + response.statusCode() + ": " + response.body();
            });
            return EnclaveCtl.REJECTED;
        }
        EnclaveManifestFold fold = new EnclaveManifestFold(id.value());
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode event = EnclaveJson.mapper().readTree(line);
                fold.apply(event.path("type").asText(), event.path("payload"));
            }
        }
        Optional<EnclaveManifest> manifest = fold.manifest();
        if (manifest.isEmpty()) {
            err.printf("enclave '%s' did not exist %s%n", id.value(), instant.map(at -> "at " + at).orElse("yet"));
            return EnclaveCtl.REJECTED;
        }
        List<Path> written = write(ManifestFiles.render(manifest.get()), ManifestFiles.folder(id.value()));
        PrintWriter printed = spec.commandLine().getOut();
        written.forEach(printed::println);
        return EnclaveCtl.ACCEPTED;
    }

    /** Writes the folder's files and removes any other file left in it, so it holds exactly the manifest. */
    private List<Path> write(SortedMap<String, String> files, String folder) throws IOException {
        Path root = out.toAbsolutePath().normalize();
        Path dir = root.resolve(folder);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> existing = Files.walk(dir)) {
                for (Path file : existing.filter(Files::isRegularFile).toList()) {
                    if (!files.containsKey(root.relativize(file).toString().replace('\\', '/'))) {
                        Files.delete(file);
                    }
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        return files.keySet().stream().map(root::resolve).toList();
    }

    private URI history(EnclaveId id, Optional<Instant> instant) {
        String base = api.toString().replaceAll("/+$", "") + "/api/enclaves/" + id.value() + "/history";
        return URI.create(instant.map(at -> base + "?to=" + URLEncoder.encode(at.plus(FINEST_STORED).toString(),
                StandardCharsets.UTF_8)).orElse(base));
    }

    private Optional<Instant> instant() {
        if (asOf == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(asOf));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--as-of must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, not '"
                    + asOf + "'");
        }
    }

    private String bearer() {
        if (token != null && !token.isBlank()) {
            return token;
        }
        if (reader == null) {
            throw new IllegalArgumentException("name the reader with --as U… (a token is minted with --key-file), or"
                    + " give --token");
        }
        return LocalTokens.mint(keyFile, UserId.of(reader), Duration.ofMinutes(5), "no API token key at " + keyFile
                + " to read the history as " + reader + " with: name it with --key-file, or give --token");
    }
}
