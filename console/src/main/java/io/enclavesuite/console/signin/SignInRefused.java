package io.enclavesuite.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;

/**
 * A refused Sign in with Slack: back to the sign-in page, which says why. Only the reason's words go into the session
 * (read once by the page), not Spring's exception: its causes and stack would land in the session table, and one of
 * them that cannot be serialized would break the answer.
 */
final class SignInRefused implements AuthenticationFailureHandler {

    /** The session attribute the sign-in page reads (and removes). */
    static final String REASON = SignInRefused.class.getName() + ".REASON";

    private static final Logger log = LoggerFactory.getLogger(SignInRefused.class);

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        log.info("Sign in with Slack from {} refused: {}", request.getRemoteAddr(), exception.getMessage());
        request.getSession().setAttribute(REASON, String.valueOf(exception.getMessage()));
        response.sendRedirect(request.getContextPath() + "/sign-in?refused");
    }
}
