package io.enclavesuite.slack.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.openid.connect.OpenIDConnectTokenResponse;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

/**
 * Sign in with Slack (OpenID Connect): exchanges the authorization code at Slack's token endpoint and verifies the ID
 * token it returns — signature against Slack's published keys, issuer, audience (our client id), expiry and the
 * nonce of this sign-in — before believing which Slack user signed in. Expiry (and a not-before time, if the token
 * has one) is judged by the clock given, allowing Nimbus's default 60 s of clock skew.
 */
public class SlackIdentity {

    public static final String USER_CLAIM = "https://slack.com/user_id";
    public static final String TEAM_CLAIM = "https://slack.com/team_id";

    private final Slack slack;
    private final String clientId;
    private final String clientSecret;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String issuer;
    private final Clock clock;

    public SlackIdentity(Slack slack, String clientId, String clientSecret, URI keys, String issuer, Clock clock) {
        this.slack = slack;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.issuer = issuer;
        this.clock = clock;
        try {
            JWKSource<SecurityContext> source = JWKSourceBuilder.create(keys.toURL()).retrying(true).build();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("enclave.slack.sign-in.keys-url is not a URL: " + keys, e);
        }
    }

    /** The Slack user (and team) the ID token vouches for. */
    public record Identity(String user, String team) {
    }

    /**
     * @throws SignInFailed with a reason fit for the person, when Slack refuses the code or the token does not check out
     */
    public Identity identify(String code, URI redirectUri, String nonce) {
        OpenIDConnectTokenResponse response;
        try {
            response = slack.methods().openIDConnectToken(r -> r.clientId(clientId).clientSecret(clientSecret)
                    .code(code).redirectUri(redirectUri.toString()));
        } catch (IOException | SlackApiException e) {
            throw new SignInFailed("Slack could not be asked who you are: " + e.getMessage());
        }
        if (!response.isOk() || response.getIdToken() == null) {
            throw new SignInFailed("Slack refused the sign-in: " + response.getError());
        }
        JWTClaimsSet claims;
        try {
            synchronized (processor) {
                processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(clientId,
                        new JWTClaimsSet.Builder().issuer(issuer).claim("nonce", nonce).build(),
                        Set.of("sub", "exp", "iat", USER_CLAIM)) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                });
                claims = processor.process(response.getIdToken(), null);
            }
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new SignInFailed("Slack's answer did not check out: " + e.getMessage());
        }
        try {
            return new Identity(claims.getStringClaim(USER_CLAIM), claims.getStringClaim(TEAM_CLAIM));
        } catch (ParseException e) {
            throw new SignInFailed("Slack's answer names no user");
        }
    }

    public static final class SignInFailed extends RuntimeException {
        public SignInFailed(String message) {
            super(message);
        }
    }
}
