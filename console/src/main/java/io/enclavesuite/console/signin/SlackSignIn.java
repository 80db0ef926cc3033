package io.enclavesuite.console.signin;

import io.enclavesuite.api.enclave.UserId;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

import java.util.Map;

/**
 * What a Sign in with Slack leaves in the session: the Slack user id the verified ID token named, and nothing else.
 * Spring's own result would keep the whole ID token — the signed JWT itself, its nonce and every claim — in the
 * person's security context, and so in the session table; the console needs only who the person is.
 */
final class SlackSignIn {

    private SlackSignIn() {
    }

    /** Spring's login result (code exchanged, ID token checked) as the person alone; refused if it names no one. */
    static OAuth2AuthenticationToken of(OAuth2LoginAuthenticationToken login) {
        if (!(login.getPrincipal() instanceof OidcUser user)) {
            // Only an OpenID Connect sign-in (scope openid, a verified ID token) names a Slack user we can believe.
            throw new OAuth2AuthenticationException(new OAuth2Error("not_openid_connect",
                    "the sign-in was not OpenID Connect", null));
        }
        String named = user.getClaimAsString(Person.SLACK_USER_ID);
        String id = named != null ? named : user.getSubject();
        if (UserId.ifUser(id).isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error("not_a_slack_user",
                    "the ID token names no Slack user id", null));
        }
        var authorities = AuthorityUtils.createAuthorityList("ROLE_PERSON");
        return new OAuth2AuthenticationToken(new DefaultOAuth2User(authorities, Map.of(Person.SLACK_USER_ID, id),
                Person.SLACK_USER_ID), authorities, login.getClientRegistration().getRegistrationId());
    }
}
