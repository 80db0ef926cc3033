package io.enclavesuite.console.signin;

import io.enclavesuite.console.ConsoleApplication;
import io.enclavesuite.testsupport.Browser;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign in with Slack in a real Chromium, against an OpenID Connect provider shaped like Slack's: a good sign-in
 * names the person Slack named; a tampered state, a wrong nonce, an expired ID token, an ID token for another
 * audience or of another workspace, and one signed by another key are each refused, and the person stays signed out.
 * With Slack configured there is no local sign-in.
 */
class SignInWithSlackBrowserTest {

    private static OidcProviderStandIn slack;
    private static ConfigurableApplicationContext console;
    private static URI address;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        slack = OidcProviderStandIn.start();
        console = ConsoleApplication.application().run(arguments(slack.issuer()).toArray(String[]::new));
        address = URI.create("http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort());
        browser = Browser.start();
    }

    static List<String> arguments(URI issuer) {
        String registration = "--spring.security.oauth2.client.registration.slack.";
        return List.of("--server.port=0", "--management.server.port=0",
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
                registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                "--spring.security.oauth2.client.provider.slack.issuer-uri=" + issuer,
                "--spring.security.oauth2.client.provider.slack.user-name-attribute=sub");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (console != null) {
            console.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @BeforeEach
    void signedOut() {
        slack.signsIn("U0CAROL");
        WebDriver page = browser.driver();
        page.get(address.resolve("/sign-in").toString());
        page.manage().deleteAllCookies();
    }

    @Test
    void slackNamesThePersonTheConsoleSpeaksFor() {
        WebDriver page = signIn();
        assertThat(page.getCurrentUrl()).doesNotContain("/sign-in");
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains("U0CAROL").doesNotContain("local");
        browser.screenshot("sign-in-with-slack-done");

        page.findElement(By.cssSelector(".who button")).click(); // sign out
        assertThat(page.findElement(By.cssSelector(".notice")).getText()).contains("signed out");
        page.get(address.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
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
                .POST(HttpRequest.BodyPublishers.ofString("user=U0CAROL&code=anything")).build(),
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
        // the form's CSRF token lives in the session: its cookie is out of scripts' reach and other sites' forms
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
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
