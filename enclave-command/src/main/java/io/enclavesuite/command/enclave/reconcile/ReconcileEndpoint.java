package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.EnclaveId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's handle on the reconciler, as an actuator endpoint on the management port (operators only, as for
 * replay): {@code POST /actuator/reconcile} passes over every enclave, {@code POST /actuator/reconcile/{enclave}} over
 * one; a body of {@code {"dryRun": true}} changes and records nothing and answers what a pass would repair.
 * {@code bin/enclavectl reconcile} calls it.
 */
@Component
@Endpoint(id = "reconcile")
public class ReconcileEndpoint {

    private final EnclaveReconciler reconciler;

    public ReconcileEndpoint(EnclaveReconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** What one pass found, and whether it was put back. */
    public record Outcome(boolean dryRun, int enclaves, List<Found> repairs) {
    }

    /**
     * One object of one enclave that differed from the enclave's history, who changed it where the API server says
     * so, and the API server's answer when it would not let it be put back.
     */
    public record Found(String enclave, String kind, String name, String change, String changedBy, String refusal) {
    }

    @WriteOperation
    public WebEndpointResponse<Object> all(@Nullable Boolean dryRun) {
        return answer(reconciler.pass(Optional.empty(), Boolean.TRUE.equals(dryRun)).orElseThrow(), dryRun);
    }

    @WriteOperation
    public WebEndpointResponse<Object> one(@Selector String enclave, @Nullable Boolean dryRun) {
        EnclaveId id;
        try {
            id = EnclaveId.of(enclave);
        } catch (IllegalArgumentException e) {
            return problem(400, "Not an enclave name", e.getMessage());
        }
        return reconciler.pass(Optional.of(id), Boolean.TRUE.equals(dryRun))
                .map(found -> answer(found, dryRun))
                .orElseGet(() -> problem(404, "No such enclave", "no enclave '" + enclave + "' was ever provisioned"));
    }

    private static WebEndpointResponse<Object> answer(Map<EnclaveId, List<EnclaveReconciler.Repair>> found,
                                                      Boolean dryRun) {
        List<Found> repairs = new ArrayList<>();
        found.forEach((enclave, each) -> each.forEach(repair -> repairs.add(
                new Found(enclave.value(), repair.kind(), repair.name(), repair.change(), repair.changedBy(),
                        repair.refusal()))));
        return new WebEndpointResponse<>(new Outcome(Boolean.TRUE.equals(dryRun), found.size(), repairs));
    }

    /** Actuator endpoints have no controller advice: the problem document is written here, RFC 9457's fields. */
    private static WebEndpointResponse<Object> problem(int status, String title, String detail) {
        return new WebEndpointResponse<>(Map.of("type", "about:blank", "title", title, "status", status,
                "detail", detail), status);
    }
}
