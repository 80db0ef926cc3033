package io.enclavesuite.slack.signin;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * The browser side of Sign in with Slack. {@code /slack/sign-in} sends the person to Slack with the state of their
 * invitation; Slack sends them back to {@code /slack/sign-in/callback}, where the ID token must name the very person
 * who was invited. Then they are registered in the enclave of the channel they joined — still that channel's
 * enclave, checked again now.
 */
@org.springframework.web.bind.annotation.RestController
public class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);
    public static final String START = "/slack/sign-in";
    public static final String CALLBACK = "/slack/sign-in/callback";

    private final GatewayProperties.SignIn settings;
    private final SignInState states;
    private final SlackIdentity identity; // null when no client id is configured
    private final ChannelDirectory directory;
    private final Dispatcher dispatcher;

    SignInController(GatewayProperties properties, SignInState states, com.slack.api.Slack slack,
                     ChannelDirectory directory, Dispatcher dispatcher, Clock clock) {
        this.settings = properties.signIn();
        this.states = states;
        this.identity = settings.enabled() ? new SlackIdentity(slack, settings.clientId(), settings.clientSecret(),
                settings.keysUrl(), settings.issuer(), clock) : null;
        this.directory = directory;
        this.dispatcher = dispatcher;
    }

    @GetMapping(START)
    ResponseEntity<String> start(@RequestParam(required = false) String state) {
        if (identity == null) {
            return notConfigured();
        }
        var invitation = states.read(state);
        if (invitation.isEmpty()) {
            return page(HttpStatus.BAD_REQUEST, "This sign-in link is not valid any more",
                    "Sign-in links last " + SignInState.VALID_FOR.toMinutes() + " minutes. Leave and rejoin the channel, or ask its owner.");
        }
        URI authorize = UriComponentsBuilder.fromUri(settings.authorizeUrl())
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("client_id", settings.clientId())
                .queryParam("state", state)
                .queryParam("nonce", invitation.get().nonce())
                .queryParam("redirect_uri", settings.redirectUri().toString())
                .queryParamIfPresent("team", java.util.Optional.of(settings.teamId()).filter(t -> !t.isBlank()))
                .encode().build().toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(authorize).build();
    }

    @GetMapping(CALLBACK)
    ResponseEntity<String> callback(@RequestParam(required = false) String code,
                                    @RequestParam(required = false) String state,
                                    @RequestParam(required = false) String error) {
        if (identity == null) {
            return notConfigured();
        }
        var invitation = states.read(state);
        if (invitation.isEmpty()) {
            return page(HttpStatus.BAD_REQUEST, "This sign-in is not valid any more", "Start again from the link in Slack.");
        }
        if (error != null || code == null || code.isBlank()) {
            return page(HttpStatus.BAD_REQUEST, "Not signed in", "Slack did not sign you in"
                    + (error == null ? "." : ": " + error + "."));
        }
        SlackIdentity.Identity who;
        try {
            who = identity.identify(code, settings.redirectUri(), invitation.get().nonce());
        } catch (SlackIdentity.SignInFailed e) {
            log.warn("Sign-in for {} failed: {}", invitation.get().user(), e.getMessage());
            return page(HttpStatus.BAD_GATEWAY, "Not signed in", e.getMessage());
        }
        if (!who.user().equals(invitation.get().user())
                || (!settings.teamId().isBlank() && !settings.teamId().equals(who.team()))) {
            log.warn("Sign-in link of {} used by {} of team {}", invitation.get().user(), who.user(), who.team());
            return page(HttpStatus.FORBIDDEN, "This link was for someone else",
                    "Each sign-in link belongs to the person it was sent to.");
        }
        String enclave = invitation.get().enclave();
        String channel = invitation.get().channel();
        if (!directory.enclaveOf(channel).filter(enclave::equals).isPresent()) {
            return page(HttpStatus.CONFLICT, "The enclave has changed",
                    "Channel's enclave is no longer " + enclave + "; nothing was done.");
        }
        // One sign-in, one command: a reload of this page repeats the id, and the intake answers it once.
        UUID commandId = UUID.nameUUIDFromBytes(("sign-in:" + invitation.get().nonce()).getBytes(StandardCharsets.UTF_8));
        try {
            dispatcher.send(Request.of(commandId, new RegisterMember(EnclaveId.of(enclave), UserId.of(who.user())),
                    who.user(), channel, enclave, null, null));
        } catch (RuntimeException e) {
            return page(HttpStatus.SERVICE_UNAVAILABLE, "Not yet", "The suite cannot take the sign-in right now; "
                    + "reload this page in a minute.");
        }
        return page(HttpStatus.OK, "Signed in", "You will be a member of " + enclave + " in a moment. You can close this tab.");
    }

    private static ResponseEntity<String> notConfigured() {
        return page(HttpStatus.NOT_FOUND, "Sign in with Slack is not set up",
                "This gateway has no Slack client id (enclave.slack.sign-in.client-id).");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String text) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(text)
                + "</p></body></html>";
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }
}
