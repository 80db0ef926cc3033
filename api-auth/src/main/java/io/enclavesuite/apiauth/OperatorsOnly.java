package io.enclavesuite.apiauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operators' acts on a management port — rebuilding a read model, retrying or dropping parked events, running the
 * reconciler, reading the suite's posture findings — answer only the people named in
 * {@code enclave.api.auth.operators}, whatever else they may read; anyone else authenticated gets 403 problem+json
 * saying who may.
 */
public final class OperatorsOnly {

    /** The operator endpoints of every service that has them (enclave-command's posture findings among them). */
    public static final String[] ENDPOINTS = {"/actuator/replay", "/actuator/replay/**", "/actuator/deadletters",
            "/actuator/deadletters/**", "/actuator/reconcile", "/actuator/reconcile/**", "/actuator/posture"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorsOnly() {
    }

    public static AuthorizationManager<RequestAuthorizationContext> access(ApiAuthProperties auth) {
        return (authentication, context) -> new AuthorizationDecision(
                authentication.get() instanceof ReaderAuthentication reader
                        && auth.operators().contains(reader.reader().value()));
    }

    /** Only an operator endpoint refuses someone it knows (the APIs' 404s hide the rest). */
    public static AccessDeniedHandler forbidden() {
        return (request, response, denied) -> {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Forbidden");
            problem.put("status", HttpStatus.FORBIDDEN.value());
            problem.put("detail", "only the operators named in enclave.api.auth.operators may rebuild read models, "
                    + "act on parked events or run the reconciler");
            problem.put("instance", request.getRequestURI());
            JSON.writeValue(response.getOutputStream(), problem);
        };
    }
}
