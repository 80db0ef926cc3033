package io.enclavesuite.console.session;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.enclavesuite.auth.LocalSignInCodes;
import io.enclavesuite.console.ConsoleApplication;
import io.enclavesuite.console.ConsoleDatabase;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two console replicas on one database, as two pods behind a Service without affinity: a person signs in on one and
 * the other knows them (and reads the API as them), a form's CSRF token from one is good on the other and a missing
 * or wrong one is refused on both, a sign-out on one ends the session on both, and the id the session had before
 * sign-in is worth nothing. The session table keeps the person's user id, never the code they typed, the machine's
 * secret or the headers of the request that sent them to sign in; a session row that cannot be read signs its person
 * out instead of failing every page.
 */
class SessionsAcrossReplicasTest {

    private static final String SECRET = "test-local-sign-in-secret-for-two-replicas-0123";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("ENCLAVE_CONSOLE=([^;]*)");

    private static ConsoleDatabase database;
    private static HttpServer readApi;
    /** Whom each read of the feed was for, by the subject of the bearer token the console sent. */
    private static final List<String> readsFor = new CopyOnWriteArrayList<>();
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static URI addressA;
    private static URI addressB;
    private final HttpClient http = HttpClient.newHttpClient(); // no cookie manager: each request names its cookie

    @BeforeAll
    static void start() throws Exception {
        database = ConsoleDatabase.fresh();
        readApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        readApi.createContext("/api/feed/coordination", exchange -> {
            try {
                String bearer = exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length());
                readsFor.add(SignedJWT.parse(bearer).getJWTClaimsSet().getSubject());
            } catch (Exception e) {
                readsFor.add("unreadable token: " + e.getMessage());
            }
            byte[] body = "{\"badge\":0,\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        readApi.start();
        Path codeFile = Files.createTempDirectory("console").resolve("local-sign-in-code");
        Files.writeString(codeFile, SECRET + "\n");
        a = replica(codeFile);
        b = replica(codeFile);
        addressA = address(a);
        addressB = address(b);
    }

    private static ConfigurableApplicationContext replica(Path codeFile) {
        List<String> args = new ArrayList<>(database.arguments());
        args.addAll(List.of("--server.port=0", "--management.server.port=0",
                // nothing here sends a command: no broker
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--enclave.console.query-url=http://127.0.0.1:" + readApi.getAddress().getPort(),
                "--enclave.console.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("console"),
                "--enclave.console.principal-key-file=" + TestInfrastructure.principalKey("console"),
                "--enclave.console.local-sign-in.enabled=true",
                "--enclave.console.local-sign-in.code-file=" + codeFile,
                // java.net.http keeps no Secure cookie over plain http (browsers do on localhost): plain here
                "--server.servlet.session.cookie.secure=false"));
        return ConsoleApplication.application().run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {b, a}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (readApi != null) {
            readApi.stop(0);
        }
    }

    @BeforeEach
    void noSessions() throws Exception {
        database.update("delete from console.spring_session");
        readsFor.clear();
    }

    @Test
    void aPersonSignedInOnOneReplicaIsSignedInOnTheOtherUntilTheySignOutOnEither() throws Exception {
        String code = LocalSignInCodes.of(SECRET).codeFor("U0CAROL");
        // signed out on A: the page asked for is remembered in a new session (a header of the request is not)
        HttpResponse<String> asked = http.send(HttpRequest.newBuilder(addressA.resolve("/feed"))
                .header("X-Probe", "a-header-the-session-must-not-keep").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asked.statusCode()).isEqualTo(302);
        String before = cookie(asked);
        // the sign-in form from A, its CSRF token in the session
        String token = csrf(get(addressA, "/sign-in", before).body());

        // ... posted to B: the token and the page asked for are in the session B reads from the database
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(addressB.resolve("/sign-in/local"))
                .header("Cookie", "ENCLAVE_CONSOLE=" + before)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=" + code + "&_csrf="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/feed"));
        String session = cookie(signedIn);
        assertThat(session).as("a new session id at sign-in").isNotEqualTo(before);

        // B and A both read Carol's feed for her, with a token of hers
        for (URI replica : List.of(addressB, addressA)) {
            HttpResponse<String> feed = get(replica, "/feed", session);
            assertThat(feed.statusCode()).as(replica.toString()).isEqualTo(200);
            assertThat(feed.body()).contains("U0CAROL", "local sign-in");
        }
        assertThat(readsFor).containsExactly("U0CAROL", "U0CAROL");
        // the id from before the sign-in signs no one in, on either
        assertThat(get(addressA, "/feed", before).statusCode()).isEqualTo(302);
        assertThat(get(addressB, "/feed", before).statusCode()).isEqualTo(302);

        // what the database holds: Carol's user id; not her code, the machine's secret or the request's headers
        assertThat(database.principals()).filteredOn(Objects::nonNull).containsExactly("U0CAROL");
        List<ConsoleDatabase.Attribute> stored = database.attributes();
        assertThat(stored).anySatisfy(attribute -> assertThat(attribute.text()).contains("U0CAROL"));
        assertThat(stored).noneSatisfy(attribute -> assertThat(attribute.text())
                .containsAnyOf(code.substring("U0CAROL.".length()), SECRET, "a-header-the-session-must-not-keep",
                        "X-Probe"));

        // a form without its CSRF token, or with a made-up one, is refused on B, and Carol stays signed in
        assertThat(post(addressB, "/sign-out", session, null).statusCode()).isEqualTo(403);
        assertThat(post(addressB, "/sign-out", session, "not-the-token").statusCode()).isEqualTo(403);
        assertThat(get(addressA, "/feed", session).statusCode()).isEqualTo(200);

        // the sign-out form of A's page, sent to B: signed out on both
        String signOutToken = csrf(get(addressA, "/feed", session).body());
        HttpResponse<String> signedOut = post(addressB, "/sign-out", session, signOutToken);
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in?signed-out"));
        assertThat(get(addressA, "/feed", session).statusCode()).isEqualTo(302);
        assertThat(get(addressB, "/feed", session).statusCode()).isEqualTo(302);
        assertThat(database.principals()).doesNotContain("U0CAROL");
    }

    @Test
    void aSessionRowThatCannotBeReadSignsItsPersonOutInsteadOfFailingThePage() throws Exception {
        String code = LocalSignInCodes.of(SECRET).codeFor("U0DAVE");
        HttpResponse<String> form = get(addressA, "/sign-in", null); // the form's CSRF token makes the session
        String before = cookie(form);
        String token = csrf(form.body());
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(addressA.resolve("/sign-in/local"))
                .header("Cookie", "ENCLAVE_CONSOLE=" + before)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=" + code + "&_csrf="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String session = cookie(signedIn);
        assertThat(get(addressB, "/feed", session).statusCode()).isEqualTo(200);

        // Dave's security context, damaged in the database (or written by a version that no longer reads it)
        assertThat(database.update("""
                update console.spring_session_attributes set attribute_bytes = '\\xaced0005deadbeef'::bytea
                where attribute_name = 'SPRING_SECURITY_CONTEXT' and session_primary_id in
                  (select primary_id from console.spring_session where principal_name = 'U0DAVE')""")).isEqualTo(1);
        for (URI replica : List.of(addressB, addressA)) {
            HttpResponse<String> feed = get(replica, "/feed", session);
            assertThat(feed.statusCode()).as(replica.toString()).isEqualTo(302);
            assertThat(feed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        }
    }

    private HttpResponse<String> get(URI replica, String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(replica.resolve(path));
        if (session != null) {
            request.header("Cookie", "ENCLAVE_CONSOLE=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI replica, String path, String session, String csrf) throws Exception {
        String form = csrf == null ? "" : "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(replica.resolve(path)).header("Cookie", "ENCLAVE_CONSOLE=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("the page carries a form with a CSRF token").isTrue();
        return token.group(1);
    }

    private static String cookie(HttpResponse<?> response) {
        String header = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("ENCLAVE_CONSOLE="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
        Matcher value = COOKIE.matcher(header);
        assertThat(value.find()).isTrue();
        return value.group(1);
    }

    private static URI address(ConfigurableApplicationContext replica) {
        return URI.create("http://localhost:" + ((WebServerApplicationContext) replica).getWebServer().getPort());
    }
}
