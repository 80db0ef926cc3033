package io.enclavesuite.slack.signin;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.enclavesuite.slack.signin.SlackIdentity.Identity;
import io.enclavesuite.slack.signin.SlackIdentity.SignInFailed;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sign in with Slack's ID token check, claim by claim: a real token endpoint and key set (the Slack stand-in), real
 * RS256 signatures, and a fixed clock. Each refusal names its reason; every token here is the good one with exactly
 * one thing wrong.
 */
class SlackIdentityTest {

    private static final String CLIENT_ID = "1234.5678";
    private static final String ISSUER = "https://slack.com";
    private static final String NONCE = "nonce-of-this-sign-in";
    private static final URI REDIRECT = URI.create("https://gateway.example/slack/sign-in/callback");
    /** Long past: a check that read the machine's clock instead of the one given would find every token expired. */
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final RSAKey SLACK_KEY = rsaKey("slack-test");
    private static final RSAKey OTHER_KEY = rsaKey("someone-else");

    private static SlackStandIn standIn;
    private static Slack slack;
    private static URI keys;

    @BeforeAll
    static void startSlack() {
        standIn = SlackStandIn.start();
        standIn.answer("openid/connect/keys", call -> new JWKSet(SLACK_KEY.toPublicJWK()).toString());
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(standIn.webApiUrl().toString());
        slack = Slack.getInstance(config);
        keys = standIn.webApiUrl().resolve("openid/connect/keys");
    }

    @AfterAll
    static void stopSlack() throws Exception {
        slack.close();
        standIn.close();
    }

    @BeforeEach
    void slackAnswersAGoodToken() {
        slackAnswers(signed(good().build()));
    }

    @Test
    void aTokenThatChecksOutNamesItsUserAndTeam() {
        assertThat(identityAt(NOW).identify("code-1", REDIRECT, NONCE)).isEqualTo(new Identity("U0DAVE", "T0LOCAL"));

        List<SlackStandIn.Call> exchanges = standIn.calls("openid.connect.token");
        SlackStandIn.Call exchange = exchanges.get(exchanges.size() - 1); // the client id and secret go in a header
        assertThat(exchange.param("code")).isEqualTo("code-1");
        assertThat(exchange.param("redirect_uri")).isEqualTo(REDIRECT.toString());
    }

    @Test
    void aNonceOfAnotherSignInIsRefused() {
        slackAnswers(signed(good().claim("nonce", "nonce-of-another-sign-in").build()));

        assertRefused("JWT nonce claim has value nonce-of-another-sign-in, must be " + NONCE);
    }

    @Test
    void anIssuerOtherThanSlackIsRefused() {
        slackAnswers(signed(good().issuer("https://slack.example").build()));

        assertRefused("JWT iss claim has value https://slack.example, must be " + ISSUER);
    }

    @Test
    void aTokenForAnotherClientIsRefused() {
        slackAnswers(signed(good().audience(List.of("9999.0000", "someone-else")).build()));

        assertRefused("JWT audience rejected: [9999.0000, someone-else]");
    }

    @Test
    void aTokenForNoClientIsRefused() {
        slackAnswers(signed(good().audience((String) null).build()));

        assertRefused("JWT missing required audience");
    }

    @Test
    void anExpiredTokenIsRefused() {
        // good until NOW + 5 min; read ten minutes later (well past the 60 s of skew allowed)
        assertRefused(identityAt(NOW.plus(Duration.ofMinutes(10))), "Expired JWT");
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        slackAnswers(signed(good().notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(10)))).build()));

        assertRefused("JWT before use time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonce", "iss", "exp", "iat", "sub", SlackIdentity.USER_CLAIM})
    void aTokenWithoutARequiredClaimIsRefused(String claim) {
        slackAnswers(signed(good().claim(claim, null).build()));

        assertRefused("JWT missing required claims: [" + claim + "]");
    }

    @Test
    void aTokenSignedWithAKeySlackDoesNotPublishIsRefused() {
        slackAnswers(signed(good().build(), JWSAlgorithm.RS256, OTHER_KEY, OTHER_KEY.getKeyID()));

        assertRefused("Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderSlacksKeyIdIsRefused() {
        slackAnswers(signed(good().build(), JWSAlgorithm.RS256, OTHER_KEY, SLACK_KEY.getKeyID()));

        assertRefused("Signed JWT rejected: Invalid signature");
    }

    @Test
    void aTokenChangedAfterSlackSignedItIsRefused() {
        String[] parts = signed(good().build()).split("\\.");
        String changed = good().subject("U0MALLORY").claim(SlackIdentity.USER_CLAIM, "U0MALLORY").build().toString();
        slackAnswers(parts[0] + "." + Base64URL.encode(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);

        assertRefused("Signed JWT rejected: Invalid signature");
    }

    @Test
    void aTokenSignedWithAnAlgorithmNotAllowedIsRefused() {
        // Slack's own key, a valid signature, but RS512: only RS256 and ES256 are taken
        slackAnswers(signed(good().build(), JWSAlgorithm.RS512, SLACK_KEY, SLACK_KEY.getKeyID()));

        assertRefused("Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        slackAnswers(new PlainJWT(good().build()).serialize());

        assertRefused("Unsecured (plain) JWTs are rejected");
    }

    @Test
    void aCodeSlackRefusesIsNoSignIn() {
        standIn.answer("openid.connect.token", call -> "{\"ok\":false,\"error\":\"invalid_code\"}");

        assertThatThrownBy(() -> identityAt(NOW).identify("code-1", REDIRECT, NONCE))
                .isInstanceOf(SignInFailed.class).hasMessage("Slack refused the sign-in: invalid_code");
    }

    /** Everything right: Slack's issuer, our client id, this sign-in's nonce, issued now for five minutes. */
    private static JWTClaimsSet.Builder good() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT_ID).subject("U0DAVE")
                .claim(SlackIdentity.USER_CLAIM, "U0DAVE").claim(SlackIdentity.TEAM_CLAIM, "T0LOCAL")
                .claim("nonce", NONCE).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
    }

    private static SlackIdentity identityAt(Instant now) {
        return new SlackIdentity(slack, CLIENT_ID, "test-client-secret", keys, ISSUER, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void assertRefused(String reason) {
        assertRefused(identityAt(NOW), reason);
    }

    private static void assertRefused(SlackIdentity identity, String reason) {
        assertThatThrownBy(() -> identity.identify("code-1", REDIRECT, NONCE))
                .isInstanceOf(SignInFailed.class)
                .hasMessageStartingWith("Slack's answer did not check out: " + reason);
    }

    private static void slackAnswers(String idToken) {
        standIn.answer("openid.connect.token", call -> "{\"ok\":true,\"access_token\":\"xoxp-x\",\"token_type\":\"Bearer\","
                + "\"id_token\":\"" + idToken + "\"}");
    }

    private static String signed(JWTClaimsSet claims) {
        return signed(claims, JWSAlgorithm.RS256, SLACK_KEY, SLACK_KEY.getKeyID());
    }

    private static String signed(JWTClaimsSet claims, JWSAlgorithm algorithm, RSAKey key, String keyId) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(), claims);
            token.sign(new RSASSASigner(key));
            return token.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
