package io.enclavesuite.slack.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;
import java.util.Set;

/**
 * The page for a sign-in Spring Security refused, at the start (a bad invitation) or at the callback (no or another
 * sign-in's cookie, a changed state, Slack's refusal, an ID token that does not check out). Nothing was sent: the
 * success handler alone sends. Each refusal is logged with Spring's reason; the page says what the person can do.
 */
final class SignInRefused implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SignInRefused.class);

    /** Spring's codes for a callback that belongs to no sign-in this browser started (or was changed on the way). */
    private static final Set<String> NOT_THIS_SIGN_IN = Set.of("authorization_request_not_found",
            "client_registration_not_found", "invalid_state_parameter", "invalid_request");
    /** Spring's codes for an answer from Slack that does not check out. */
    private static final Set<String> NOT_CHECKED_OUT = Set.of("invalid_id_token", "invalid_nonce",
            "missing_signature_verifier");

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        OAuth2Error error = error(failure);
        String code = error == null ? "" : error.getErrorCode();
        log.warn("Sign-in refused at {}: {}", request.getRequestURI(), error == null ? failure.toString() : error);
        if (InvitationResolver.INVALID_INVITATION.equals(code)) {
            SignInPages.write(response, HttpStatus.BAD_REQUEST, "This sign-in link is not valid any more",
                    SignInPages.LINK_EXPIRED);
        } else if (NOT_THIS_SIGN_IN.contains(code)) {
            SignInPages.write(response, HttpStatus.BAD_REQUEST, "This sign-in is not valid any more",
                    "Start again from the link in Slack.");
        } else if (NOT_CHECKED_OUT.contains(code)) {
            SignInPages.write(response, HttpStatus.BAD_GATEWAY, "Not signed in", "Slack's answer did not check out"
                    + (error.getDescription() == null ? " (" + code + ")." : ": " + error.getDescription()));
        } else if (refusedBySlack(failure) instanceof SlackTokenEndpoint.Refused refused) {
            SignInPages.write(response, HttpStatus.BAD_GATEWAY, "Not signed in",
                    "Slack refused the sign-in: " + refused.reason() + ". Start again from the link in Slack.");
        } else if ("invalid_token_response".equals(code) || error == null) {
            SignInPages.write(response, HttpStatus.BAD_GATEWAY, "Not signed in",
                    "Slack could not be asked who you are; try the link in Slack again in a minute.");
        } else {
            // An error Slack sent back instead of a code: the person said no, or Slack would not ask them.
            SignInPages.write(response, HttpStatus.BAD_REQUEST, "Not signed in", "Slack did not sign you in: "
                    + code + ".");
        }
    }

    /** The OAuth 2.0 error of the refusal, also when Spring wrapped it (the start path's resolver's). */
    private static OAuth2Error error(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OAuth2AuthenticationException oauth) {
                return oauth.getError();
            }
        }
        return null;
    }

    private static Throwable refusedBySlack(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SlackTokenEndpoint.Refused) {
                return t;
            }
        }
        return null;
    }
}
