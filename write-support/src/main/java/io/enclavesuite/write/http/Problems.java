package io.enclavesuite.write.http;

import io.enclavesuite.api.enclave.UserId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The write services' HTTP errors, as {@code application/problem+json} (Spring MVC's problem details). */
public final class Problems {

    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /**
     * The verified person an internal endpoint answers for, from a request parameter its caller fills in.
     *
     * @param role what the parameter names, for the error ("reader", "holder")
     */
    public static UserId requiredUser(String parameter, String role) {
        if (parameter == null || parameter.isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, capitalized(role) + " required", role
                    + " is required: the verified Slack user id (U… or W…) of the person this is for");
        }
        try {
            return UserId.of(parameter);
        } catch (IllegalArgumentException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Malformed " + role, role + ": " + e.getMessage());
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private Problems() {
    }
}
