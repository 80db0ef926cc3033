package io.enclavesuite.console.enclave;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One tentacle as the enclave page lists it. Now: from the read API's tentacle list, with the state of its workload
 * in words; as of a past instant: what the enclave's events held then (image, schedule, mode, owner), so
 * {@code workload}, {@code dependencies} and {@code runs} are null.
 */
public record TentacleLine(String name, String image, String schedule, ModeInWords mode, String owner,
                           String workload, String dependencies, Long runs, String lastRunAt) {

    /** A tentacle of {@code GET /api/enclaves/{name}/tentacles}, in an enclave of {@code enclaveStatus}. */
    static TentacleLine now(JsonNode tentacle, String enclaveStatus) {
        List<String> dependencies = new ArrayList<>();
        tentacle.path("dependencies").forEach(d -> dependencies.add(d.asText()));
        return new TentacleLine(tentacle.path("name").asText(), tentacle.path("image").asText(),
                text(tentacle, "schedule"), ModeInWords.of(text(tentacle, "mode")), text(tentacle, "owner"),
                workload(tentacle, enclaveStatus), dependencies.isEmpty() ? "none" : String.join(", ", dependencies),
                tentacle.path("runs").asLong(), text(tentacle, "lastRunAt"));
    }

    /** A tentacle of the as-of answer's {@code tentacles}, which names each by its key. */
    static TentacleLine asOf(String name, JsonNode tentacle) {
        return new TentacleLine(name, tentacle.path("image").asText(), text(tentacle, "schedule"),
                ModeInWords.of(text(tentacle, "mode")), text(tentacle, "owner"), null, null, null, null);
    }

    /**
     * Its workload as the suite last left it: refused by Kubernetes after every retry (until the next deploy or
     * update), a CronJob suspended while the enclave is frozen, on its schedule, or running continuously.
     */
    private static String workload(JsonNode tentacle, String enclaveStatus) {
        String failure = text(tentacle, "workloadFailure");
        String schedule = text(tentacle, "schedule");
        if (failure != null) {
            String since = text(tentacle, "workloadFailedAt");
            return "refused by Kubernetes" + (since == null ? "" : " since " + since) + ": " + failure;
        }
        if (schedule != null) {
            return "FROZEN".equals(enclaveStatus) ? "suspended while the enclave is frozen (schedule " + schedule + ")"
                    : "scheduled: " + schedule;
        }
        return "runs continuously (a Deployment)";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
