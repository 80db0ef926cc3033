package io.enclavesuite.slack.signin;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a sign-in Spring Security accepted is worth here: the ID token must name the very person the invitation was
 * for (and, when a workspace is configured, that workspace), and the channel must still be the enclave's — checked
 * now, not when the prompt was sent. Then that person is registered in the enclave. The answer is a page, never a
 * redirect: nothing of the sign-in outlives this request.
 */
final class RegisterSignedIn implements AuthenticationSuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(RegisterSignedIn.class);

    private final SignInState invitations;
    private final String teamId;
    private final ChannelDirectory directory;
    private final Dispatcher dispatcher;

    /** @param teamId when not blank, the only workspace whose people may sign in */
    RegisterSignedIn(SignInState invitations, String teamId, ChannelDirectory directory, Dispatcher dispatcher) {
        this.invitations = invitations;
        this.teamId = teamId;
        this.directory = directory;
        this.dispatcher = dispatcher;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        if (!(authentication instanceof InvitedSignIn signedIn)) {
            throw new IllegalStateException("a sign-in without its invitation: " + authentication.getClass().getName());
        }
        // Read again, MAC and expiry: the invitation, not the cookie that carried it, says who was invited.
        var invitation = invitations.read(signedIn.invitation()).orElse(null);
        if (invitation == null) {
            SignInPages.write(response, HttpStatus.BAD_REQUEST, "This sign-in link is not valid any more",
                    SignInPages.LINK_EXPIRED);
            return;
        }
        String user = signedIn.user().getClaimAsString(SlackIdTokens.USER_CLAIM);
        String team = signedIn.user().getClaimAsString(SlackIdTokens.TEAM_CLAIM);
        if (!teamId.isBlank() && !teamId.equals(team)) {
            log.warn("Sign-in link of {} used by {} of another workspace, {}", invitation.user(), user, team);
            SignInPages.write(response, HttpStatus.FORBIDDEN, "Not this workspace",
                    "You signed in to another Slack workspace than this suite's. Nothing was done.");
            return;
        }
        if (!invitation.user().equals(user)) {
            log.warn("Sign-in link of {} used by {} of team {}", invitation.user(), user, team);
            SignInPages.write(response, HttpStatus.FORBIDDEN, "This link was for someone else",
                    "Each sign-in link belongs to the person it was sent to.");
            return;
        }
        String enclave = invitation.enclave();
        String channel = invitation.channel();
        if (directory.enclaveOf(channel).filter(enclave::equals).isEmpty()) {
            SignInPages.write(response, HttpStatus.CONFLICT, "The enclave has changed",
                    "Channel's enclave is no longer " + enclave + "; nothing was done.");
            return;
        }
        // One invitation, one command: a sign-in again with the same link repeats the id, and the intake answers
        // it once.
        UUID commandId = UUID.nameUUIDFromBytes(("sign-in:" + invitation.nonce()).getBytes(StandardCharsets.UTF_8));
        try {
            dispatcher.send(Request.of(commandId, new RegisterMember(EnclaveId.of(enclave), UserId.of(user)),
                    user, channel, enclave, null, null));
        } catch (RuntimeException e) {
            log.warn("Sign-in of {} to {} not sent: {}", user, enclave, e.toString());
            SignInPages.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Not yet", "The suite cannot take the "
                    + "sign-in right now; use the link in Slack again in a minute.");
            return;
        }
        SignInPages.write(response, HttpStatus.OK, "Signed in",
                "You will be a member of " + enclave + " in a moment. You can close this tab.");
    }
}
