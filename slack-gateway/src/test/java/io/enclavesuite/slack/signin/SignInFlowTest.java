package io.enclavesuite.slack.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.GatewayArguments;
import io.enclavesuite.slack.KafkaSide;
import io.enclavesuite.slack.SlackGatewayApplication;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.signin.SignInBrowser.Started;
import io.enclavesuite.testsupport.OidcProviderStandIn;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign in with Slack through the real gateway, end to end over HTTP, against an OpenID Connect provider shaped like
 * Slack's: the join prompt's link, Slack's authorization step, the callback, the code exchange and the ID token
 * checks, and the RegisterMember it publishes on Kafka. The gateway runs on a fixed clock long past: a check that read
 * the machine's clock instead of the injected one would find every ID token here expired.
 * <p>
 * Every refusal is one thing wrong with an otherwise good sign-in, ends on a clear page, and sends nothing: after
 * it, a witness signs in to the same enclave (same Kafka key, same partition), and theirs is the only command there.
 */
class SignInFlowTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String PUBLIC_URL = "https://gateway.example";
    private static final String CALLBACK = PUBLIC_URL + "/slack/sign-in/callback";
    private static final String WITNESS = "U0WITNESS";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static SlackStandIn slack;
    private static TopicNames topics;
    private static OidcProviderStandIn provider;
    private static ConfigurableApplicationContext gateway;
    private static KafkaSide kafka;
    private static int port;
    private static SignInBrowser browser;
    private static final HttpClient http = HttpClient.newHttpClient();

    /** The gateway's clock. A plain class, not a component: scanning never brings it into another test's gateway. */
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return CLOCK;
        }
    }

    /** The gateway's Sign in with Slack settings for the stand-in: the gateway is told each URL (no discovery). */
    private static List<String> signInArguments(OidcProviderStandIn provider) {
        return List.of("--enclave.slack.sign-in.client-id=" + OidcProviderStandIn.CLIENT_ID,
                "--enclave.slack.sign-in.client-secret=" + OidcProviderStandIn.CLIENT_SECRET,
                "--enclave.slack.sign-in.issuer=" + provider.issuer(),
                "--enclave.slack.sign-in.authorize-url=" + provider.authorizationEndpoint(),
                "--enclave.slack.sign-in.token-url=" + provider.tokenEndpoint(),
                "--enclave.slack.sign-in.keys-url=" + provider.keysEndpoint(),
                "--enclave.slack.sign-in.team-id=" + OidcProviderStandIn.TEAM);
    }

    @BeforeAll
    static void start() throws Exception {
        slack = SlackStandIn.start();
        provider = OidcProviderStandIn.start(CLOCK);
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        topics = new TopicNames(prefix);
        List<String> args = GatewayArguments.of(slack, prefix);
        args.addAll(signInArguments(provider));
        args.add("--enclave.slack.sign-in.public-url=" + PUBLIC_URL);
        args.add("--enclave.slack.member-drift-interval=PT12H");
        gateway = SlackGatewayApplication.application().sources(FixedClock.class).run(args.toArray(String[]::new));
        port = ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();
        browser = new SignInBrowser(PUBLIC_URL, port);
        kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), topics);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @BeforeEach
    void nothingWrong() {
        provider.signsIn("U0CAROL");
    }

    @Test
    void thePersonInvitedSignsInWithSlackAndIsRegisteredOnce() throws Exception {
        bind("happy", "C0HAPPY");
        String invitation = gateway.getBean(SignInState.class).issue("U0CAROL", "C0HAPPY", "happy");

        Started started = browser.start(browser.link(invitation));
        Map<String, String> asked = SignInBrowser.query(started.authorize());
        assertThat(started.authorize().toString()).startsWith(provider.issuer() + "/openid/connect/authorize?");
        assertThat(asked).containsEntry("response_type", "code").containsEntry("scope", "openid")
                .containsEntry("client_id", OidcProviderStandIn.CLIENT_ID).containsEntry("redirect_uri", CALLBACK)
                .containsEntry("team", OidcProviderStandIn.TEAM).containsKeys("state", "nonce");
        assertThat(asked.get("state")).isNotEqualTo(invitation); // Spring's own state; the invitation stays here
        assertThat(started.setCookie()).startsWith(started.cookieName() + "=")
                .startsWith(AuthorizationRequestCookies.PREFIX)
                .contains("Path=/", "Max-Age=600", "Secure", "HttpOnly", "SameSite=Lax").doesNotContain("Domain");
        // sealed: nothing of the request (invitation, state, and so the nonce beside them) can be read from it
        String opened = new String(Base64.getUrlDecoder().decode(started.cookieValue()), StandardCharsets.ISO_8859_1);
        assertThat(opened).doesNotContain("C0HAPPY", "U0CAROL", "enclave_invitation", asked.get("state"));

        URI back = browser.slackApproves(started);
        HttpResponse<String> done = browser.callback(back, started.cookie());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Signed in", "member of happy");
        assertThat(done.headers().allValues("Set-Cookie")).singleElement()
                .satisfies(cleared -> assertThat(cleared).startsWith(started.cookieName() + "=;").contains("Max-Age=0"));
        assertThat(provider.tokenRequests().get(provider.tokenRequests().size() - 1))
                .containsEntry("grant_type", "authorization_code").containsEntry("redirect_uri", CALLBACK)
                .containsEntry("client_id", OidcProviderStandIn.CLIENT_ID)
                .containsEntry("client_secret", OidcProviderStandIn.CLIENT_SECRET); // client_secret_post

        await().atMost(PATIENCE).until(() -> !registered("happy").isEmpty());
        UUID commandId = UUID.nameUUIDFromBytes(("sign-in:" + gateway.getBean(SignInState.class).read(invitation)
                .orElseThrow().nonce()).getBytes(StandardCharsets.UTF_8));
        assertThat(registered("happy")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("commandId").asText()).isEqualTo(commandId.toString());
            assertThat(envelope.path("actor").asText()).isEqualTo("U0CAROL");
            assertThat(envelope.path("payload").path("member").asText()).isEqualTo("U0CAROL");
            assertThat(envelope.path("payload").path("enclaveId").asText()).isEqualTo("happy");
            assertThat(envelope.path("channelId").asText()).isEqualTo("C0HAPPY");
        });

        // A reload of the callback: the browser has no cookie any more.
        assertNotThisSignIn(browser.callback(back, null));
        // The cookie replayed with the code: Slack takes a code once.
        HttpResponse<String> replayed = browser.callback(back, started.cookie());
        assertThat(replayed.statusCode()).isEqualTo(502);
        assertThat(replayed.body()).contains("Slack refused the sign-in: invalid_code");
        witnessIsTheOnlyOneMore("happy", "C0HAPPY");
        assertThat(registered("happy")).extracting(e -> e.path("payload").path("member").asText())
                .containsExactly("U0CAROL", WITNESS);
    }

    @Test
    void noSessionIsMadeAndNoLoginGuardsAnythingElse() throws Exception {
        bind("stateless", "C0STATELESS");
        Started started = startFor("U0CAROL", "C0STATELESS", "stateless");
        HttpResponse<String> done = browser.callback(browser.slackApproves(started), started.cookie());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(List.of(started.response(), done)).allSatisfy(response -> assertThat(
                response.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("JSESSIONID")));

        // Spring Boot's defaults stay away: no generated password, no login page, Slack's endpoints check Slack's
        // signature and nothing else, and the actuator is on its own port as before.
        assertThat(gateway.getBeanNamesForType(UserDetailsService.class)).isEmpty();
        assertThat(browser.get("http://127.0.0.1:" + port + "/login", null).statusCode()).isEqualTo(404);
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/slack/events")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("command=%2Fenclave")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        int management = gateway.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
        assertThat(browser.get("http://127.0.0.1:" + management + "/actuator/health/liveness", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aChangedInvitationSendsNobodyToSlack() throws Exception {
        bind("changed", "C0CHANGED");
        String invitation = gateway.getBean(SignInState.class).issue("U0CAROL", "C0CHANGED", "changed");
        String[] parts = invitation.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                        .replace("U0CAROL", "U0EVE").getBytes(StandardCharsets.UTF_8));

        for (String changed : List.of(otherPayload + "." + parts[1], parts[0] + "." + parts[1].substring(2) + "AA",
                "not-an-invitation")) {
            assertLinkRefused(browser.get(browser.link(changed), null));
        }
        assertLinkRefused(browser.get(PUBLIC_URL + SignInController.START, null));
        nothingWasSent("changed", "C0CHANGED");
    }

    @Test
    void anExpiredInvitationSendsNobodyToSlack() throws Exception {
        bind("late", "C0LATE");
        // issued by this gateway's key 31 minutes before the gateway's now: it lasted 30
        String expired = new SignInState(SlackRequests.SECRET, Clock.fixed(NOW.minus(Duration.ofMinutes(31)),
                ZoneOffset.UTC)).issue("U0CAROL", "C0LATE", "late");

        assertLinkRefused(browser.get(browser.link(expired), null));
        nothingWasSent("late", "C0LATE");
    }

    @Test
    void aStateChangedOnTheWayBackIsRefusedBeforeSlackIsAsked() throws Exception {
        bind("forged-state", "C0FSTATE");
        Started started = startFor("U0CAROL", "C0FSTATE", "forged-state");
        provider.sendsBackState(state -> state.substring(0, state.length() - 3) + "xyz");
        int asked = provider.tokenRequests().size();

        assertNotThisSignIn(browser.callback(browser.slackApproves(started), started.cookie()));
        assertThat(provider.tokenRequests()).hasSize(asked);
        nothingWasSent("forged-state", "C0FSTATE");
    }

    @Test
    void aChangedForgedOrBorrowedAuthorizationRequestCookieIsRefused() throws Exception {
        bind("cookies", "C0COOKIES");
        SignInState invitations = gateway.getBean(SignInState.class);
        int asked = provider.tokenRequests().size();

        // changed: one character of the sealed value
        Started first = startFor("U0CAROL", "C0COOKIES", "cookies");
        String value = first.cookieValue();
        int middle = value.length() / 2;
        String changed = value.substring(0, middle) + (value.charAt(middle) == 'A' ? 'B' : 'A') + value.substring(middle + 1);
        assertNotThisSignIn(browser.callback(browser.slackApproves(first), first.cookieName() + "=" + changed));

        // forged: the same request's fields, sealed with a key that is not this gateway's
        Started second = startFor("U0CAROL", "C0COOKIES", "cookies");
        String state = SignInBrowser.query(second.authorize()).get("state");
        MockHttpServletResponse forged = new MockHttpServletResponse();
        new AuthorizationRequestCookies("not-the-signing-secret", CLOCK).saveAuthorizationRequest(
                OAuth2AuthorizationRequest.authorizationCode().authorizationUri(provider.issuer() + "/openid/connect/authorize")
                        .clientId(OidcProviderStandIn.CLIENT_ID).redirectUri(CALLBACK).scope("openid").state(state)
                        .attributes(a -> a.putAll(Map.of("registration_id", "slack", "nonce", "attackers-nonce",
                                InvitationResolver.INVITATION, invitations.issue("U0CAROL", "C0COOKIES", "cookies"))))
                        .build(), new MockHttpServletRequest(), forged);
        String forgedCookie = forged.getHeader("Set-Cookie").split(";")[0];
        assertThat(forgedCookie).startsWith(second.cookieName() + "=");
        assertNotThisSignIn(browser.callback(browser.slackApproves(second), forgedCookie));

        // borrowed: another sign-in's genuine cookie, under this sign-in's name
        Started mine = startFor("U0CAROL", "C0COOKIES", "cookies");
        Started other = startFor("U0CAROL", "C0COOKIES", "cookies");
        assertNotThisSignIn(browser.callback(browser.slackApproves(mine),
                mine.cookieName() + "=" + other.cookieValue()));

        assertThat(provider.tokenRequests()).hasSize(asked);
        nothingWasSent("cookies", "C0COOKIES");
    }

    @Test
    void anIdTokenOfAnotherSignInIsRefused() throws Exception {
        provider.issuesClaims(claims -> claims.claim("nonce", "the-nonce-of-another-sign-in"));
        assertIdTokenRefused("nonce", "invalid_nonce");
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        // expired two minutes ago by the gateway's clock: past the 60 s Spring allows for skew
        provider.issuesClaims(claims -> claims.issueTime(Date.from(NOW.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(NOW.minus(Duration.ofMinutes(2)))));
        assertIdTokenRefused("expired", "exp");
    }

    @Test
    void anIdTokenForAnotherAppIsRefused() throws Exception {
        provider.issuesClaims(claims -> claims.audience("9999.0000"));
        assertIdTokenRefused("audience", "aud");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
        provider.issuesClaims(claims -> claims.issuer("https://slack.example"));
        assertIdTokenRefused("issuer", "iss");
    }

    @Test
    void anIdTokenWithoutASlackUserIsRefused() throws Exception {
        provider.issuesClaims(claims -> claims.claim(OidcProviderStandIn.USER_CLAIM, null));
        assertIdTokenRefused("no-user", "https://slack.com/user_id");
    }

    @Test
    void anIdTokenSignedWithAKeySlackDoesNotPublishIsRefused() throws Exception {
        provider.signsWith(new RSAKeyGenerator(2048).keyID("someone-else").generate());
        assertIdTokenRefused("other-key", "no matching key");
    }

    @Test
    void anIdTokenSignedWithAnotherKeyUnderSlacksKeyIdIsRefused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("slack-test").generate();
        provider.signsWith(impostor);
        assertIdTokenRefused("impostor-key", "Invalid signature");
    }

    @Test
    void someoneElseOnTheInvitedPersonsLinkRegistersNobody() throws Exception {
        bind("someone-else", "C0ELSE");
        Started started = startFor("U0DAVE", "C0ELSE", "someone-else");
        provider.signsIn("U0EVE"); // Slack vouches for Eve, on Dave's link

        HttpResponse<String> refused = browser.callback(browser.slackApproves(started), started.cookie());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This link was for someone else");
        nothingWasSent("someone-else", "C0ELSE");
    }

    @Test
    void someoneOfAnotherWorkspaceRegistersNobody() throws Exception {
        bind("workspace", "C0WORKSPACE");
        Started started = startFor("U0CAROL", "C0WORKSPACE", "workspace");
        provider.issuesClaims(claims -> claims.claim(OidcProviderStandIn.TEAM_CLAIM, "T0OTHER"));

        HttpResponse<String> refused = browser.callback(browser.slackApproves(started), started.cookie());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Not this workspace", "another Slack workspace");
        nothingWasSent("workspace", "C0WORKSPACE");
    }

    @Test
    void whenThePersonSaysNoAtSlackNothingIsExchanged() throws Exception {
        bind("declined", "C0DECLINED");
        Started started = startFor("U0CAROL", "C0DECLINED", "declined");
        provider.refusesAuthorization("access_denied");
        int asked = provider.tokenRequests().size();

        HttpResponse<String> refused = browser.callback(browser.slackApproves(started), started.cookie());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Slack did not sign you in: access_denied.");
        assertThat(provider.tokenRequests()).hasSize(asked);
        nothingWasSent("declined", "C0DECLINED");
    }

    @Test
    void anInvitationToAnEnclaveTheChannelNoLongerHasRegistersNobody() throws Exception {
        bind("current", "C0MOVED");
        Started started = startFor("U0CAROL", "C0MOVED", "former");

        HttpResponse<String> refused = browser.callback(browser.slackApproves(started), started.cookie());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("The enclave has changed", "no longer former");
        nothingWasSent("current", "C0MOVED");
        assertThat(registered("former")).isEmpty();
    }

    /** One thing wrong with the ID token: refused with Spring's reason on the page, and nothing sent. */
    private void assertIdTokenRefused(String enclave, String reason) throws Exception {
        String channel = "C0" + enclave.toUpperCase().replace("-", "");
        bind(enclave, channel);
        Started started = startFor("U0CAROL", channel, enclave);

        HttpResponse<String> refused = browser.callback(browser.slackApproves(started), started.cookie());
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).contains("Not signed in", "Slack&#39;s answer did not check out").contains(reason);
        nothingWasSent(enclave, channel);
    }

    private static void assertLinkRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("This sign-in link is not valid any more", "last 30 minutes");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    private static void assertNotThisSignIn(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("This sign-in is not valid any more", "Start again from the link in Slack");
    }

    /**
     * The witness signs in to the enclave (same key, so the same partition as anything the refused sign-in could
     * have published): once theirs is there, it is the only command more than before.
     */
    private void witnessIsTheOnlyOneMore(String enclave, String channel) throws Exception {
        int before = registered(enclave).size();
        provider.signsIn(WITNESS);
        Started started = startFor(WITNESS, channel, enclave);
        assertThat(browser.callback(browser.slackApproves(started), started.cookie()).statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> registered(enclave).stream()
                .anyMatch(e -> WITNESS.equals(e.path("payload").path("member").asText())));
        assertThat(registered(enclave)).hasSize(before + 1);
    }

    /** After a refusal: nothing of it was sent, only the witness is registered in the enclave. */
    private void nothingWasSent(String enclave, String channel) throws Exception {
        witnessIsTheOnlyOneMore(enclave, channel);
        assertThat(registered(enclave)).extracting(e -> e.path("payload").path("member").asText())
                .containsExactly(WITNESS);
    }

    /** The browser follows a join prompt's link for {@code user}, issued by the gateway now. */
    private static Started startFor(String user, String channel, String enclave) throws Exception {
        return browser.start(browser.link(gateway.getBean(SignInState.class).issue(user, channel, enclave)));
    }

    private static List<JsonNode> registered(String enclave) {
        return kafka.envelopes().stream().filter(e -> "RegisterMember".equals(e.path("type").asText()))
                .filter(e -> enclave.equals(e.path("payload").path("enclaveId").asText())).toList();
    }

    private static void bind(String enclave, String channel) throws Exception {
        kafka.event(topics.enclaveEvents(), enclave, 0, new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of(channel), enclave), UserId.of("U0ALICE"), QuotaPreset.DEFAULT, Mode.DEFAULT,
                "enclave-" + enclave, NOW));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.enclaveOf(channel).isPresent());
    }
}
