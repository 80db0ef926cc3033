package io.enclavesuite.apiauth;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The HTTP errors of every port of the suite (the read API, the write services' endpoints), rendered as
 * {@code application/problem+json} by Spring MVC's problem-details support.
 */
public final class Problems {

    /** Also the read API's answer for what exists but the reader may not see, so a 404 never tells the two apart. */
    public static ErrorResponseException notFound(String title, String detail) {
        return problem(HttpStatus.NOT_FOUND, title, detail);
    }

    public static ErrorResponseException unavailable(String title, String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
    }

    public static ErrorResponseException badRequest(String title, String detail) {
        return problem(HttpStatus.BAD_REQUEST, title, detail);
    }

    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    private Problems() {
    }
}
