package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code enclavectl export}: against an HTTP server that answers as the read API's
 * {@code GET /api/enclaves/{name}/history} in NDJSON — only to the owner, whose token it verifies — with events as
 * the history projection stores them. (suite's GitMirrorFlowTest compares its files with the Git mirror's.)
 */
class ExportCommandTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dataDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private LocalTokenIssuer issuer;
    private Path keyFile;
    private HttpServer api;

    @BeforeEach
    void readApi() throws IOException {
        keyFile = dataDir.resolve("api/token-key.pem");
        issuer = LocalTokenIssuer.loadOrCreate(keyFile);
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/enclaves/", this::answer);
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    private static String ndjson() {
        StringBuilder lines = new StringBuilder();
        long sequence = 0;
        for (Object event : List.of(
                new EnclaveProvisioningStarted(GROWTH, new ChannelRef(new ChannelId("C0GROWTH"), "growth"),
                        UserId.of("U0ALICE"), QuotaPreset.SMALL, Mode.DEFAULT, "enclave-growth", T),
                new EnclaveActivated(GROWTH, "enclave-growth", T),
                new TentacleDeployed(GROWTH, TentacleName.of("report"), ContainerImage.of("ghcr.io/acme/report:1.0"),
                        CronSchedule.of("0 6 * * *"), Mode.DEFAULT, UserId.of("U0ALICE"), List.of(), T),
                new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T))) {
            ObjectNode line = EnclaveJson.mapper().createObjectNode().put("sequence", sequence++)
                    .put("type", event.getClass().getSimpleName()).put("at", T.toString()).put("actor", "U0ALICE");
            line.set("payload", EnclaveJson.mapper().valueToTree(event));
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String reader = reader(exchange.getRequestHeaders().getFirst("Authorization"));
        String query = exchange.getRequestURI().getQuery();
        asked.add(exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query) + " "
                + exchange.getRequestHeaders().getFirst("Accept"));
        int code = reader == null ? 401 : !reader.equals("U0ALICE")
                || !exchange.getRequestURI().getPath().equals("/api/enclaves/growth/history") ? 404 : 200;
        byte[] body = (code == 200 ? ndjson() : "{\"title\":\"Enclave not found\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String reader(String authorization) {
        try {
            SignedJWT token = SignedJWT.parse(authorization.substring("Bearer ".length()));
            return token.verify(new ECDSAVerifier(issuer.verificationKey())) ? token.getJWTClaimsSet().getSubject() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private int run(String... args) {
        CommandLine cli = EnclaveCtl.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String url() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    @Test
    void writesTheEnclaveFileAndOneFilePerTentacleFromTheHistory() throws IOException {
        Path state = dataDir.resolve("state");
        Files.createDirectories(state.resolve("enclaves/growth/tentacles"));
        Files.writeString(state.resolve("enclaves/growth/tentacles/gone.yaml"), "name: \"gone\"\n");

        int code = run("export", "--enclave", "growth", "--as", "U0ALICE", "--key-file", keyFile.toString(),
                "--api", url(), "--out", state.toString());

        assertThat(code).as(err.toString()).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(asked).containsExactly("/api/enclaves/growth/history application/x-ndjson");
        assertThat(Files.readString(state.resolve("enclaves/growth/enclave.yaml"))).contains("name: \"growth\"",
                "status: \"FROZEN\"", "- \"channel-archived\"", "- \"report\"");
        assertThat(Files.readString(state.resolve("enclaves/growth/tentacles/report.yaml")))
                .contains("image: \"ghcr.io/acme/report:1.0\"", "schedule: \"0 6 * * *\"");
        assertThat(state.resolve("enclaves/growth/tentacles/gone.yaml")).doesNotExist();
        assertThat(out.toString()).contains(state.toAbsolutePath().resolve("enclaves/growth/enclave.yaml").toString());
    }

    @Test
    void asOfAnInstantAsksForTheEventsUpToAndIncludingIt() {
        int code = run("export", "--enclave", "growth", "--as-of", "2026-12-01T10:00:00Z", "--as", "U0ALICE",
                "--key-file", keyFile.toString(), "--api", url(), "--out", dataDir.resolve("state").toString());

        assertThat(code).as(err.toString()).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(asked).containsExactly(
                "/api/enclaves/growth/history?to=2026-12-01T10:00:00.000001Z application/x-ndjson");
    }

    @Test
    void anEnclaveTheReaderMayNotSeeOrBadInputIsRefusedWithTheReason() {
        assertThat(run("export", "--enclave", "growth", "--as", "U0EVE", "--key-file", keyFile.toString(),
                "--api", url(), "--out", dataDir.resolve("state").toString())).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(err.toString()).contains("no enclave named 'growth' that you may read");
        assertThat(dataDir.resolve("state")).doesNotExist();

        assertThat(run("export", "--enclave", "growth", "--as-of", "yesterday", "--as", "U0ALICE",
                "--key-file", keyFile.toString(), "--api", url())).isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("--as-of must be an ISO-8601 instant");
        assertThat(run("export", "--enclave", "Growth!", "--as", "U0ALICE", "--key-file", keyFile.toString(),
                "--api", url())).isEqualTo(EnclaveCtl.USAGE);
        assertThat(run("export", "--enclave", "growth", "--api", url(), "--token", "")).isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("name the reader with --as");
        assertThat(asked).hasSize(1);
    }
}
