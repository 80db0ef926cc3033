package io.enclavesuite.console.signin;

import io.enclavesuite.console.ConsoleApplication;
import io.enclavesuite.console.ConsoleDatabase;
import io.enclavesuite.testsupport.Browser;
import io.enclavesuite.testsupport.OidcProviderStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign in with Slack in a real Chromium, against an OpenID Connect provider shaped like Slack's: a good sign-in
 * names the person Slack named; a tampered state, a wrong nonce, an expired ID token, an ID token for another
 * audience or of another workspace, and one signed by another key are each refused, and the person stays signed out.
 * With Slack configured there is no local sign-in. A second replica on the same database: a sign-in it starts
 * finishes on the first, and the session is the same on both; the session table keeps the person's user id and no
 * code, token or ID token of Slack's.
 */
class SignInWithSlackBrowserTest {

    private static final String REDIRECT_URI = "{baseUrl}/login/oauth2/code/{registrationId}";

    private static OidcProviderStandIn slack;
    private static ConsoleDatabase database;
    private static ConfigurableApplicationContext console;
    private static URI address;
    /** Another replica: same database, and Slack sends its sign-ins back to the first (as a load balancer might). */
    private static ConfigurableApplicationContext otherReplica;
    private static URI otherAddress;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        slack = OidcProviderStandIn.start();
        database = ConsoleDatabase.fresh();
        console = ConsoleApplication.application().run(arguments(slack.issuer(), database).toArray(String[]::new));
        address = URI.create("http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort());
        otherReplica = ConsoleApplication.application().run(arguments(slack.issuer(), database,
                address + "/login/oauth2/code/{registrationId}").toArray(String[]::new));
        otherAddress = URI.create("http://localhost:"
                + ((WebServerApplicationContext) otherReplica).getWebServer().getPort());
        browser = Browser.start();
    }

    static List<String> arguments(URI issuer, ConsoleDatabase database) {
        return arguments(issuer, database, REDIRECT_URI);
    }

    static List<String> arguments(URI issuer, ConsoleDatabase database, String redirectUri) {
        String registration = "--spring.security.oauth2.client.registration.slack.";
        List<String> args = new ArrayList<>(database.arguments());
        args.addAll(List.of("--server.port=0", "--management.server.port=0",
                // signing in touches no command: the console starts without a broker and says so in its log
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--enclave.console.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("console"),
                "--enclave.console.principal-key-file=" + TestInfrastructure.principalKey("console"),
                "--enclave.console.slack-team-id=" + OidcProviderStandIn.TEAM,
                registration + "client-id=" + OidcProviderStandIn.CLIENT_ID,
                registration + "client-secret=" + OidcProviderStandIn.CLIENT_SECRET,
                registration + "client-authentication-method=client_secret_post",
                registration + "authorization-grant-type=authorization_code",
                registration + "scope=openid",
                registration + "redirect-uri=" + redirectUri,
                "--spring.security.oauth2.client.provider.slack.issuer-uri=" + issuer,
                "--spring.security.oauth2.client.provider.slack.user-name-attribute=sub"));
        return args;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (otherReplica != null) {
            otherReplica.close();
        }
        if (console != null) {
            console.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @BeforeEach
    void signedOut() throws Exception {
        database.update("delete from console.spring_session");
        slack.signsIn("U0CAROL");
        WebDriver page = browser.driver();
        page.get(address.resolve("/sign-in").toString());
        page.manage().deleteAllCookies();
    }

    @Test
    void slackNamesThePersonTheConsoleSpeaksFor() throws Exception {
        WebDriver page = signIn();
        assertThat(page.getCurrentUrl()).doesNotContain("/sign-in");
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains("U0CAROL").doesNotContain("local");
        browser.screenshot("sign-in-with-slack-done");

        // the session table: Carol's user id, and nothing of Slack's — no code, access token or ID token, not even
        // the workspace or the request that started the sign-in
        assertThat(database.principals()).filteredOn(Objects::nonNull).containsExactly("U0CAROL");
        List<ConsoleDatabase.Attribute> stored = database.attributes();
        assertThat(stored).extracting(ConsoleDatabase.Attribute::name)
                .noneMatch(name -> name.contains("AUTHORIZATION_REQUEST") || name.contains("AUTHORIZED_CLIENT")
                        || name.contains("SAVED_REQUEST") || name.contains("LAST_EXCEPTION"));
        assertThat(stored).anySatisfy(attribute -> assertThat(attribute.text()).contains("U0CAROL"));
        for (String secret : slack.secrets()) {
            assertThat(stored).noneSatisfy(attribute -> assertThat(attribute.text()).contains(secret));
        }
        assertThat(stored).noneSatisfy(attribute -> assertThat(attribute.text())
                .containsAnyOf(OidcProviderStandIn.TEAM, "nonce", "127.0.0.1"));
        // nor in memory: Spring's store of authorized clients (and their access tokens) is never given one
        assertThat(console.getBean(OAuth2AuthorizedClientService.class).<OAuth2AuthorizedClient>loadAuthorizedClient(
                "slack", "U0CAROL")).isNull();

        page.findElement(By.cssSelector(".who button")).click(); // sign out
        assertThat(page.findElement(By.cssSelector(".notice")).getText()).contains("signed out");
        page.get(address.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
    }

    @Test
    void aSignInStartedOnOneReplicaFinishesOnAnotherAndTheSessionIsTheSameOnBoth() {
        WebDriver page = browser.driver();
        page.get(otherAddress.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).isEqualTo(otherAddress.resolve("/sign-in").toString());
        // the other replica keeps the authorization request (state, nonce); Slack answers to the first one
        page.findElement(By.id("sign-in-slack")).click();
        assertThat(page.getCurrentUrl()).startsWith(address.toString());
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains("U0CAROL");

        page.get(otherAddress.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).isEqualTo(otherAddress.resolve("/feed").toString());
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains("U0CAROL");

        page.findElement(By.cssSelector(".who button")).click(); // sign out, on the other replica
        page.get(address.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).isEqualTo(address.resolve("/sign-in").toString());
    }

    @Test
    void aTamperedStateIsRefused() {
        slack.sendsBackState(state -> state + "x");
        assertRefused(signIn(), "authorization_request_not_found");
    }

    @Test
    void aWrongNonceIsRefused() {
        slack.issuesClaims(claims -> claims.claim("nonce", "not-the-one-sent"));
        assertRefused(signIn(), "nonce");
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        slack.issuesClaims(claims -> claims.issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))));
        assertRefused(signIn(), "expired");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        slack.issuesClaims(claims -> claims.audience("another-app"));
        assertRefused(signIn(), "aud");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        slack.issuesClaims(claims -> claims.issuer("https://evil.example"));
        assertRefused(signIn(), "iss");
    }

    @Test
    void someoneOfAnotherWorkspaceIsRefused() {
        slack.issuesClaims(claims -> claims.claim(Person.SLACK_TEAM_ID, "T0OTHER"));
        assertRefused(signIn(), "another Slack workspace");
    }

    @Test
    void thereIsNoLocalSignInBesideSlack() throws Exception {
        WebDriver page = browser.driver();
        page.get(address.resolve("/sign-in").toString());
        assertThat(page.findElements(By.cssSelector(".local-sign-in"))).isEmpty();
        assertThat(page.findElement(By.id("sign-in-slack")).getText()).isEqualTo("Sign in with Slack");
        // a forged form post has no CSRF token, and even with one the form is not there: nobody signs in
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        address.resolve("/sign-in/local")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=U0CAROL.0123456789abcdef0123456789abcdef")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void pagesAreSentWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                address.resolve("/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        // a look at the page (a link to Slack, no form) makes no session: no row for every visit
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
        // a page asked for while signed out is remembered in a session (a row in the database, the address alone),
        // whose cookie is out of scripts' reach and other sites' forms
        HttpResponse<String> feed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                address.resolve("/feed")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(feed.statusCode()).isEqualTo(302);
        assertThat(feed.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith("ENCLAVE_CONSOLE=").contains("HttpOnly", "Secure", "SameSite=Lax"));
    }

    private WebDriver signIn() {
        WebDriver page = browser.driver();
        page.get(address.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
        page.findElement(By.id("sign-in-slack")).click();
        return page;
    }

    private void assertRefused(WebDriver page, String reason) {
        assertThat(page.getCurrentUrl()).contains("/sign-in");
        assertThat(page.findElement(By.cssSelector(".problem")).getText()).contains("Slack did not sign you in")
                .containsIgnoringCase(reason);
        assertThat(page.findElements(By.cssSelector(".who"))).isEmpty();
        page.get(address.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
    }
}
