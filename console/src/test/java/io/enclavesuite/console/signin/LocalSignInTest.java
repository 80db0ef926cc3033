package io.enclavesuite.console.signin;

import io.enclavesuite.console.ConsoleApplication;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The local sign-in: the code is made owner-only on first start; only that code signs anyone in; and the console
 * refuses to start with it beside Sign in with Slack, or with no way to sign in at all.
 */
class LocalSignInTest {

    @TempDir
    Path data;

    @Test
    void onlyTheMachinesCodeSignsIn() throws Exception {
        Path codeFile = data.resolve("console").resolve("local-sign-in-code");
        List<String> args = new ArrayList<>(base());
        args.add("--enclave.console.local-sign-in.enabled=true");
        args.add("--enclave.console.local-sign-in.code-file=" + codeFile);
        // java.net.http keeps no Secure cookie over plain http (browsers do on localhost): this client needs it plain
        args.add("--server.servlet.session.cookie.secure=false");
        try (var console = ConsoleApplication.application().run(args.toArray(String[]::new))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(codeFile))).isEqualTo("rw-------");
            String code = Files.readString(codeFile).strip();
            assertThat(code).hasSizeGreaterThanOrEqualTo(32);
            URI address = URI.create("http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort());
            HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

            assertThat(post(http, address, "U0CAROL", "wrong-code").statusCode()).isEqualTo(401);
            assertThat(post(http, address, "not a user", code).statusCode()).isEqualTo(400);
            HttpResponse<String> signedIn = post(http, address, "U0CAROL", code);
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/feed"));
        }
    }

    @Test
    void localSignInBesideSlackRefusesTheStart() throws Exception {
        try (OidcProviderStandIn slack = OidcProviderStandIn.start()) {
            List<String> args = new ArrayList<>(SignInWithSlackBrowserTest.arguments(slack.issuer()));
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
        return List.of("--server.port=0", "--management.server.port=0",
                // signing in touches no command: the console starts without a broker and says so in its log
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--enclave.console.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("console"),
                "--enclave.console.principal-key-file=" + TestInfrastructure.principalKey("console"));
    }

    /** The sign-in form as a browser posts it: its CSRF token and session cookie from the page first. */
    private static HttpResponse<String> post(HttpClient http, URI address, String user, String code) throws Exception {
        String form = http.send(HttpRequest.newBuilder(address.resolve("/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
        String body = "user=" + user.replace(" ", "+") + "&code=" + code + "&_csrf=" + csrf.group(1);
        return http.send(HttpRequest.newBuilder(address.resolve("/sign-in/local"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
