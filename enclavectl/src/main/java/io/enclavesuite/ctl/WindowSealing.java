package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.trust.RoomSeals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code SubmitWindows} with its windows written in clear on the command line is sealed here, by the participant's
 * agent, to the room's public key before anything leaves this process: Kafka, the dead letters and the event store
 * only ever see the ciphertext. The key is the room's {@code roomKey}, read from the read API as the actor (with a
 * token from the local issuer, as {@code enclavectl token} mints it) — or given with {@code --room-key}.
 */
final class WindowSealing {

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI api;
    private final Path tokenKeyFile;
    private final String roomKey;
    private final Duration timeout;

    WindowSealing(URI api, Path tokenKeyFile, String roomKey, Duration timeout) {
        this.api = api;
        this.tokenKeyFile = tokenKeyFile;
        this.roomKey = roomKey;
        this.timeout = timeout;
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
        String key = roomKey != null ? roomKey : roomKeyFromApi(room, participant);
        RoomSeals.problem(key).ifPresent(problem -> {
            throw new IllegalArgumentException("--room-key: " + problem);
        });
        SealedWindows sealed = RoomSeals.sealWindows(key, room, participant, clear);
        ObjectNode out = ((ObjectNode) payload).deepCopy();
        out.put("windows", sealed.value());
        return out;
    }

    /** The room's key as the actor sees it, waiting (up to the timeout) for the room to open. */
    private String roomKeyFromApi(CoordinationId room, UserId participant) {
        if (!Files.isRegularFile(tokenKeyFile)) {
            throw new IllegalArgumentException("windows are sealed to the room's key before they are sent: no API token"
                    + " key at " + tokenKeyFile + " to read it with (name it with --token-key-file), or give the"
                    + " room's roomKey with --room-key");
        }
        String token = LocalTokenIssuer.read(tokenKeyFile).mint(participant.value(), Instant.now(), Duration.ofMinutes(5));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/rooms/" + room.value()))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        Instant deadline = Instant.now().plus(timeout);
        String status = "unknown";
        while (true) {
            Optional<JsonNode> view = read(http, request, room, participant);
            if (view.isPresent()) {
                status = view.get().path("status").asText("unknown");
                String key = view.get().path("roomKey").asText(null);
                if (key != null) {
                    return key;
                }
                if (!"pending".equals(status)) {
                    break;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            pause();
        }
        throw new IllegalArgumentException("room " + room.value() + " is " + status + ": it shows no key to seal"
                + " windows to (windows are taken only while a room is open)");
    }

    /** The room as the read API shows it to the participant; empty while it is not (yet) there. */
    private Optional<JsonNode> read(HttpClient http, HttpRequest request, CoordinationId room, UserId participant) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read room " + room.value() + "'s key from " + api + " ("
                    + e.getClass().getSimpleName() + "): is the suite running? Name the read API with --api, or give"
                    + " the room's roomKey with --room-key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the room's key", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty(); // not projected yet, or not the actor's room: the deadline decides
        }
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException("the read API answered " + response.statusCode() + " for room "
                    + room.value() + " read as " + participant.value());
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalArgumentException("the read API's answer for room " + room.value() + " is not JSON");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the room to open", e);
        }
    }
}
