package io.enclavesuite.console.signin;

import io.enclavesuite.api.enclave.UserId;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;

import java.util.Optional;

/**
 * Who a session speaks for: the Slack user id the ID token named at sign-in (Slack's own claim, else {@code sub}; the
 * session keeps it alone, {@link SlackSignIn}), or the user id a local sign-in proved with that person's own code.
 * Never anything the browser sends afterwards.
 *
 * @param local whether the person signed in locally (shown on every page)
 */
public record Person(UserId id, boolean local) {

    /** Slack's claim for the user id in its ID tokens; {@code sub} holds it too. */
    public static final String SLACK_USER_ID = "https://slack.com/user_id";
    public static final String SLACK_TEAM_ID = "https://slack.com/team_id";

    public String value() {
        return id.value();
    }

    /** The signed-in person of an authentication the console made, if it is one. */
    public static Optional<Person> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        if (authentication.getPrincipal() instanceof OAuth2User user
                && user.getAttribute(SLACK_USER_ID) instanceof String id) {
            return UserId.ifUser(id).map(person -> new Person(person, false));
        }
        if (authentication instanceof LocalSignIn.LocalAuthentication local) {
            return UserId.ifUser(local.getName()).map(person -> new Person(person, true));
        }
        return Optional.empty();
    }
}
