package io.enclavesuite.ctl;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code enclavectl proposals}: against an HTTP server that answers as coordination-service's
 * {@code GET /internal/rooms/{room}/proposals} is specified to (slots-design, docs/coordination.md) — only to the
 * participant whose token, signed with the local issuer's key, it verifies.
 */
class ProposalsCommandTest {

    private static final String ROOM = "room-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
    private static final String PROPOSALS = """
            {"room":"%s","proposals":[
             {"number":1,"slot":{"start":"2026-12-11T09:00:00Z","end":"2026-12-11T10:00:00Z","confidence":"high"},
              "proposedBy":null,"acceptedBy":["U0ALICE","U0BOB"],"acknowledgedBy":[]},
             {"number":3,"slot":{"start":"2026-12-11T14:00:00Z","end":"2026-12-11T15:00:00Z","confidence":"medium"},
              "proposedBy":"U0CAROL","acceptedBy":[],"acknowledgedBy":["U0ALICE"]}]}""".formatted(ROOM);

    @TempDir
    Path dataDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private LocalTokenIssuer issuer;
    private Path keyFile;
    private HttpServer coordination;
    private volatile int status = 200;

    @BeforeEach
    void coordinationService() throws IOException {
        keyFile = dataDir.resolve("api/token-key.pem");
        issuer = LocalTokenIssuer.loadOrCreate(keyFile);
        coordination = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        coordination.createContext("/internal/rooms/", this::answer);
        coordination.start();
    }

    @AfterEach
    void stop() {
        coordination.stop(0);
    }

    /** The participant the bearer token names, or 401; then 404 to anyone but a participant. */
    private void answer(HttpExchange exchange) throws IOException {
        String reader = reader(exchange.getRequestHeaders().getFirst("Authorization"));
        asked.add(exchange.getRequestURI().getPath() + " as " + reader);
        int code = reader == null ? 401 : !List.of("U0ALICE", "U0BOB", "U0CAROL").contains(reader) ? 404
                : !exchange.getRequestURI().getPath().equals("/internal/rooms/" + ROOM + "/proposals") ? 404 : status;
        byte[] body = (code == 200 ? PROPOSALS : "{\"title\":\"Room not open\",\"detail\":\"the room has ended\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", code == 200 ? "application/json" : "application/problem+json");
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
        return "http://127.0.0.1:" + coordination.getAddress().getPort();
    }

    @Test
    void printsEachProposalsNumberTimeProposerAndSupportReadAsTheActor() {
        int exit = run("proposals", ROOM, "--actor", "U0ALICE", "--coordination-url", url(),
                "--token-key-file", keyFile.toString());

        assertThat(exit).as(err.toString()).isEqualTo(EnclaveCtl.ACCEPTED);
        assertThat(asked).containsExactly("/internal/rooms/" + ROOM + "/proposals as U0ALICE");
        assertThat(out.toString().lines()).containsExactly(
                "#1  2026-12-11T09:00:00Z – 2026-12-11T10:00:00Z (high)  proposed by the room  accepted by U0ALICE, U0BOB"
                        + "  acknowledged by nobody",
                "#3  2026-12-11T14:00:00Z – 2026-12-11T15:00:00Z (medium)  proposed by U0CAROL  accepted by nobody"
                        + "  acknowledged by U0ALICE");
    }

    @Test
    void aRoomThatIsNotOpenOrNotTheActorsIsRefusedWithTheReason() {
        status = 409;
        assertThat(run("proposals", ROOM, "--actor", "U0ALICE", "--coordination-url", url(),
                "--token-key-file", keyFile.toString())).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(err.toString()).contains("room " + ROOM + " is not open", "the room has ended");

        assertThat(run("proposals", ROOM, "--actor", "U0EVE", "--coordination-url", url(),
                "--token-key-file", keyFile.toString())).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(err.toString()).contains("no room " + ROOM + " with U0EVE among its participants");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        Path other = dataDir.resolve("other-key.pem");
        LocalTokenIssuer.loadOrCreate(other);

        assertThat(run("proposals", ROOM, "--actor", "U0ALICE", "--coordination-url", url(),
                "--token-key-file", other.toString())).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(err.toString()).contains("the token was not accepted");
    }

    @Test
    void withoutTheServiceOrAKeyItSaysWhatIsMissing() {
        coordination.stop(0);
        assertThat(run("proposals", ROOM, "--actor", "U0ALICE", "--coordination-url", url(),
                "--token-key-file", keyFile.toString())).isEqualTo(EnclaveCtl.NO_ANSWER);
        assertThat(err.toString()).contains("cannot reach coordination-service at " + url(), "--coordination-url");

        assertThat(run("proposals", ROOM, "--actor", "U0ALICE", "--token-key-file", dataDir.resolve("none").toString()))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("no API token key at");
        assertThat(run("proposals", "not-a-room", "--actor", "U0ALICE", "--token-key-file", keyFile.toString()))
                .isEqualTo(EnclaveCtl.USAGE);
    }
}
