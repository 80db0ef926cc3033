package io.enclavesuite.query.replay;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.util.List;

/**
 * The operator's handle on rebuilds, as an actuator endpoint — on the management port, which a deployment keeps
 * off the public network, not among the API's user-facing resources:
 * {@code GET /actuator/replay} (every read model), {@code GET /actuator/replay/{processor}},
 * {@code POST /actuator/replay/{processor}} (start over from the first event). {@code bin/enclavectl replay} calls it.
 */
@Endpoint(id = "replay")
public class ReplayEndpoint {

    private final Replays replays;

    public ReplayEndpoint(Replays replays) {
        this.replays = replays;
    }

    @ReadOperation
    public List<ReplayProgress> all() {
        return replays.processors().stream().map(replays::progress).toList();
    }

    @ReadOperation
    public WebEndpointResponse<Object> one(@Selector String processor) {
        try {
            return new WebEndpointResponse<>(replays.progress(processor));
        } catch (Replays.UnknownProcessor e) {
            return problem(404, "No such read model", e.getMessage());
        }
    }

    @WriteOperation
    public WebEndpointResponse<Object> start(@Selector String processor) {
        try {
            return new WebEndpointResponse<>(replays.start(processor), 202);
        } catch (Replays.UnknownProcessor e) {
            return problem(404, "No such read model", e.getMessage());
        } catch (IllegalStateException e) {
            return problem(409, "Rebuild refused", e.getMessage());
        }
    }

    /** Actuator endpoints have no controller advice: the problem document is written here, RFC 9457's fields. */
    private static WebEndpointResponse<Object> problem(int status, String title, String detail) {
        return new WebEndpointResponse<>(java.util.Map.of("type", "about:blank", "title", title, "status", status,
                "detail", detail), status);
    }
}
