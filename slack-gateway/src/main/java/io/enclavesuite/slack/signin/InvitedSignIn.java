package io.enclavesuite.slack.signin;

import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A sign-in Spring Security has checked (code exchanged, ID token verified, state and nonce matched), with the
 * invitation it was started from, so that the success handler can hold the two against each other. Lives for the
 * one callback request: no security context is kept.
 */
final class InvitedSignIn extends OAuth2AuthenticationToken {

    private final transient String invitation;

    private InvitedSignIn(OidcUser user, String registrationId, String invitation) {
        super(user, user.getAuthorities(), registrationId);
        this.invitation = invitation;
    }

    /** Spring's login result, with the invitation its authorization request carried (null if it carried none). */
    static InvitedSignIn of(OAuth2LoginAuthenticationToken login) {
        if (!(login.getPrincipal() instanceof OidcUser user)) {
            // Only an OpenID Connect sign-in (scope openid, a verified ID token) names a Slack user we can believe.
            throw new IllegalStateException("the sign-in was not OpenID Connect");
        }
        return new InvitedSignIn(user, login.getClientRegistration().getRegistrationId(),
                login.getAuthorizationExchange().getAuthorizationRequest().getAttribute(InvitationResolver.INVITATION));
    }

    String invitation() {
        return invitation;
    }

    OidcUser user() {
        return (OidcUser) getPrincipal();
    }
}
