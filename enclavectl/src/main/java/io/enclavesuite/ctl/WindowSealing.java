package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code SubmitWindows} with its windows written in clear on the command line is sealed here, by the participant's
 * agent, to the room's public key before anything leaves this process: Kafka, the dead letters and the event store
 * only ever see the ciphertext. The key is the room's {@code roomKey} ({@link RoomKeyLookup}).
 */
final class WindowSealing {

    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private final RoomKeyLookup roomKeys;

    WindowSealing(RoomKeyLookup roomKeys) {
        this.roomKeys = roomKeys;
    }

    WindowSealing(URI api, Path tokenKeyFile, String roomKey, Duration timeout) {
        this(new RoomKeyLookup(api, tokenKeyFile, roomKey, timeout));
    }

    /** The payload to send: as given, or with its clear windows replaced by their sealed form. */
    JsonNode sealIfClear(JsonNode payload, String actor) {
        JsonNode windows = payload.path("windows");
        if (!windows.isArray()) {
            return payload; // sealed already (a string), or missing: the service says what is wrong
        }
        CoordinationId room;
        UserId participant;
        List<TimeWindow> clear;
        try {
            room = CoordinationId.of(payload.path("coordinationId").asText(null));
            participant = UserId.of(actor);
            clear = List.of(JSON.treeToValue(windows, TimeWindow[].class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("SubmitWindows needs a coordinationId, a Slack user as --actor and"
                    + " windows [{\"start\":…,\"end\":…,\"confidence\":…}] to seal (each starting before it ends)");
        }
        String key = roomKeys.keyFor(room, participant, "windows");
        SealedWindows sealed = RoomSeals.sealWindows(key, room, participant, clear);
        ObjectNode out = ((ObjectNode) payload).deepCopy();
        out.put("windows", sealed.value());
        return out;
    }
}
