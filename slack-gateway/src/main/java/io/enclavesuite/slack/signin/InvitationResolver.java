package io.enclavesuite.slack.signin;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Starts a sign-in from a join prompt's link, {@code /slack/sign-in?state=<invitation>}: the invitation must be ours,
 * intact and current, or nobody is sent to Slack. Spring's resolver then makes the authorization request — its own
 * OAuth {@code state} and OpenID Connect nonce, which it checks when Slack sends the person back — and the invitation
 * rides along in the request's attributes (sealed in the browser's cookie) to the callback.
 */
final class InvitationResolver implements OAuth2AuthorizationRequestResolver {

    /** The attribute the invitation travels in, as issued (MAC'd); it is read again at the callback. */
    static final String INVITATION = "enclave_invitation";
    /** The error a bad, changed or expired invitation is refused with. */
    static final String INVALID_INVITATION = "invalid_invitation";
    /** The link's parameter: named {@code state} since the first prompts, which are still in people's Slack. */
    static final String INVITATION_PARAMETER = "state";

    private final RequestMatcher start = PathPatternRequestMatcher.withDefaults().matcher(SignInController.START);
    private final DefaultOAuth2AuthorizationRequestResolver spring;
    private final SignInState invitations;
    private final String registrationId;

    /** @param teamId when set, Slack is asked to sign the person in to this workspace */
    InvitationResolver(ClientRegistrationRepository registrations, String registrationId, SignInState invitations,
                       String teamId) {
        this.spring = new DefaultOAuth2AuthorizationRequestResolver(registrations, SignInController.START);
        if (!teamId.isBlank()) {
            spring.setAuthorizationRequestCustomizer(request -> request.additionalParameters(p -> p.put("team", teamId)));
        }
        this.invitations = invitations;
        this.registrationId = registrationId;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        if (!start.matches(request)) {
            return null;
        }
        String invitation = request.getParameter(INVITATION_PARAMETER);
        if (invitations.read(invitation).isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(INVALID_INVITATION,
                    "the sign-in link's invitation is not ours, was changed, or has expired", null));
        }
        OAuth2AuthorizationRequest authorization = spring.resolve(request, registrationId);
        return OAuth2AuthorizationRequest.from(authorization)
                .attributes(attributes -> attributes.put(INVITATION, invitation))
                .build();
    }

    /** Only a join prompt's link starts a sign-in: nothing else here asks to be signed in first. */
    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return null;
    }
}
