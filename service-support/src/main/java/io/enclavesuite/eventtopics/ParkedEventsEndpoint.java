package io.enclavesuite.eventtopics;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator's handle on parked events, on the management port of every service that reads an event topic (the read
 * side, coordination-service's enclave directory), answering only {@code enclave.api.auth.operators}:
 * {@code GET /actuator/deadletters} (every group of the service),
 * {@code GET /actuator/deadletters/{group}}, {@code POST /actuator/deadletters/{group}} (retry them all, after a fix),
 * {@code DELETE /actuator/deadletters/{group}/{eventId}} (drop one) and {@code DELETE /actuator/deadletters/{group}}
 * (drop all). {@code bin/enclavectl dead-letters} calls it.
 */
@Endpoint(id = "deadletters")
public class ParkedEventsEndpoint {

    /** More than an operator reads; the counts tell when there are more. */
    static final int LIST_LIMIT = 1000;

    private final ParkedEvents parked;

    public ParkedEventsEndpoint(ParkedEvents parked) {
        this.parked = parked;
    }

    /** Parked events per processing group, and the events themselves (the first {@value #LIST_LIMIT}). */
    public record Report(Map<String, Long> counts, List<ParkedEvent> events) {
    }

    @ReadOperation
    public Report all() {
        return new Report(parked.counts(), parked.list(null, LIST_LIMIT));
    }

    @ReadOperation
    public WebEndpointResponse<Object> group(@Selector String group) {
        return answer(() -> new Report(Map.of(group, parked.count(group)), parked.list(group, LIST_LIMIT)));
    }

    @WriteOperation
    public WebEndpointResponse<Object> retry(@Selector String group) {
        return answer(() -> parked.retry(group));
    }

    @DeleteOperation
    public WebEndpointResponse<Object> dropAll(@Selector String group) {
        return answer(() -> Map.of("group", group, "dropped", parked.dropAll(group)));
    }

    @DeleteOperation
    public WebEndpointResponse<Object> drop(@Selector String group, @Selector String eventId) {
        return answer(() -> {
            if (!parked.drop(group, eventId)) {
                throw new NoSuchEvent(group);
            }
            return Map.of("group", group, "dropped", 1);
        });
    }

    private static WebEndpointResponse<Object> answer(Supplier<Object> operation) {
        try {
            return new WebEndpointResponse<>(operation.get(), 200);
        } catch (ParkedEvents.UnknownGroup e) {
            return problem(404, "No such processing group", e.getMessage());
        } catch (NoSuchEvent e) {
            return problem(404, "No such parked event", e.getMessage());
        }
    }

    private static final class NoSuchEvent extends RuntimeException {
        NoSuchEvent(String group) {
            super("no such event is parked in " + group + " (dropped or retried already?)");
        }
    }

    /** Actuator endpoints have no controller advice: the problem document is written here, RFC 9457's fields. */
    private static WebEndpointResponse<Object> problem(int status, String title, String detail) {
        return new WebEndpointResponse<>(Map.of("type", "about:blank", "title", title, "status", status,
                "detail", detail), status);
    }
}
