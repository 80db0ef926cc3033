package io.enclavesuite.console.signin;

import io.enclavesuite.auth.LocalSignInCodes;
import io.enclavesuite.console.ConsoleApplication;
import io.enclavesuite.console.ConsoleDatabase;
import io.enclavesuite.testsupport.OidcProviderStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local sign-in: the machine's secret is made owner-only on first start; a person's own code ({@code U….<mac>})
 * signs in the person it names when its MAC verifies, and no one else; wrong codes are throttled per claimed user id
 * and address; and the console refuses to start with it beside Sign in with Slack, or
 * with no way to sign in at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalSignInTest {

    @TempDir
    Path data;

    @Test
    void aPersonsCodeSignsInThatPersonOnly(CapturedOutput logs) throws Exception {
        Path codeFile = data.resolve("console").resolve("local-sign-in-code");
        try (var console = ConsoleApplication.application().run(localArguments(codeFile))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(codeFile))).isEqualTo("rw-------");
            String secret = Files.readString(codeFile).strip();
            assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
            // what enclavectl console-code prints for Carol, from the same file
            String carols = LocalSignInCodes.read(codeFile).codeFor("U0CAROL");
            URI address = address(console);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

            String carolsMac = carols.substring("U0CAROL.".length());
            HttpResponse<String> wrong = post(http, address, "U0CAROL.0123456789abcdef0123456789abcdef");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("That is not the local sign-in code of U0CAROL",
                    "Each person has their own");

            // Carol's code makes no one else of her: its user part changed to Alice, the MAC refutes it
            HttpResponse<String> asAlice = post(http, address, "U0ALICE." + carolsMac);
            assertThat(asAlice.statusCode()).as("Carol's code for Alice").isEqualTo(401);
            assertThat(asAlice.body()).contains("not the local sign-in code of U0ALICE").doesNotContain(carolsMac);
            // the machine's secret is no one's code: it only makes codes
            assertThat(post(http, address, secret).statusCode()).as("the secret itself").isEqualTo(401);
            assertThat(post(http, address, "U0ALICE." + secret).statusCode()).as("the secret behind a user id")
                    .isEqualTo(401);
            String elsewhere = LocalSignInCodes.of("fedcba9876543210fedcba9876543210fedcba98").codeFor("U0ALICE");
            assertThat(post(http, address, elsewhere).statusCode()).as("another machine's code for Alice")
                    .isEqualTo(401);
            // nothing of the form of a code: refused without a claim, the page says what a code looks like and never
            // shows what was typed
            String overlong = "U0CAROL." + carolsMac + "0".repeat(4096);
            for (String malformed : List.of(carolsMac, "U0CAROL" + carolsMac, "." + carolsMac, "U0CAROL.",
                    "<b>U0CAROL</b>." + carolsMac, overlong, "")) {
                HttpResponse<String> refused = post(http, address, malformed);
                assertThat(refused.statusCode()).as(malformed).isEqualTo(401);
                assertThat(refused.body()).as(malformed).contains("That is not a local sign-in code",
                        "your Slack user id, a dot and 32 hex digits").doesNotContain(carolsMac, "<b>U0CAROL");
            }
            // a user parameter beside the code is nobody's say: the code alone names the person
            HttpResponse<String> withUser = post(http, address, "U0ALICE." + carolsMac, "U0CAROL");
            assertThat(withUser.statusCode()).as("Alice's name on Carol's MAC, user=U0CAROL beside it").isEqualTo(401);
            assertThat(get(http, address, "/feed").statusCode()).as("still signed out").isEqualTo(302);

            HttpResponse<String> signedIn = post(http, address, carols);
            assertThat(signedIn.statusCode()).isEqualTo(302);
            // a refusal's log names who was tried, never what was typed
            assertThat(logs.getAll()).contains("Local sign-in as U0ALICE from 127.0.0.1 refused",
                            "Local sign-in from 127.0.0.1 refused: not the form of a local sign-in code")
                    .doesNotContain(secret, carolsMac, elsewhere.substring("U0ALICE.".length()),
                            "0123456789abcdef0123456789abcdef", "<b>U0CAROL");
            // back to the page asked for while signed out
            assertThat(signedIn.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/feed"));
            // past the sign-in as Carol (no read API runs here, so the feed itself answers 503)
            HttpResponse<String> feed = get(http, address, "/feed");
            assertThat(feed.statusCode()).isEqualTo(503);
            assertThat(feed.body()).contains("U0CAROL");
        }
    }

    @Test
    void wrongCodesArePausedForThatPersonWithoutCheckingTheCode() throws Exception {
        Path codeFile = data.resolve("local-sign-in-code");
        try (var console = ConsoleApplication.application().run(localArguments(codeFile))) {
            LocalSignInCodes codes = LocalSignInCodes.read(codeFile);
            URI address = address(console);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

            for (int i = 0; i < SignInThrottle.LIMIT; i++) {
                assertThat(post(http, address, "U0DAVE.%032x".formatted(i)).statusCode()).isEqualTo(401);
            }
            // even the right code is not looked at now: a guess could not tell
            HttpResponse<String> paused = post(http, address, codes.codeFor("U0DAVE"));
            assertThat(paused.statusCode()).isEqualTo(429);
            assertThat(paused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Long.parseLong(seconds)).isBetween(1L, SignInThrottle.PAUSE.toSeconds()));
            assertThat(paused.body()).contains("Too many wrong codes for U0DAVE");
            assertThat(get(http, address, "/feed").statusCode()).as("not signed in").isEqualTo(302);

            // the pause is keyed by the user id a code claims: Dave's guesses lock no one else out
            assertThat(post(http, address, codes.codeFor("U0ERIN")).statusCode()).isEqualTo(302);
        }
    }

    @Test
    void localSignInBesideSlackRefusesTheStart() throws Exception {
        try (OidcProviderStandIn slack = OidcProviderStandIn.start()) {
            List<String> args = new ArrayList<>(SignInWithSlackBrowserTest.arguments(slack.issuer(),
                    ConsoleDatabase.fresh()));
            args.add("--enclave.console.local-sign-in.enabled=true");
            args.add("--enclave.console.local-sign-in.code-file=" + data.resolve("code"));
            assertThatThrownBy(() -> ConsoleApplication.application().run(args.toArray(String[]::new)).close())
                    .hasStackTraceContaining("local-sign-in.enabled is set beside Sign in with Slack");
        }
    }

    @Test
    void noWayToSignInRefusesTheStart() {
        assertThatThrownBy(() -> ConsoleApplication.application().run(base().toArray(String[]::new)).close())
                .hasStackTraceContaining("no way to sign in");
    }

    private static List<String> base() {
        List<String> args = new ArrayList<>(ConsoleDatabase.fresh().arguments());
        args.addAll(List.of("--server.port=0", "--management.server.port=0",
                // signing in touches no command: the console starts without a broker and says so in its log
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--enclave.console.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("console"),
                "--enclave.console.principal-key-file=" + TestInfrastructure.principalKey("console")));
        return args;
    }

    private static String[] localArguments(Path codeFile) {
        List<String> args = new ArrayList<>(base());
        args.add("--enclave.console.local-sign-in.enabled=true");
        args.add("--enclave.console.local-sign-in.code-file=" + codeFile);
        // java.net.http keeps no Secure cookie over plain http (browsers do on localhost): this client needs it plain
        args.add("--server.servlet.session.cookie.secure=false");
        return args.toArray(String[]::new);
    }

    private static URI address(ConfigurableApplicationContext console) {
        return URI.create("http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort());
    }

    private static HttpResponse<String> get(HttpClient http, URI address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(address.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sign-in form as a browser posts it: its CSRF token and session cookie from the page first. */
    private static HttpResponse<String> post(HttpClient http, URI address, String code) throws Exception {
        return post(http, address, code, null);
    }

    /** The same, with a {@code user} parameter beside the code, as a forged form could send it. */
    private static HttpResponse<String> post(HttpClient http, URI address, String code, String user) throws Exception {
        String form = http.send(HttpRequest.newBuilder(address.resolve("/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
        assertThat(form).as("the form has one field, the code").doesNotContain("name=\"user\"");
        String body = "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1)
                + (user == null ? "" : "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(address.resolve("/sign-in/local"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
