package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The room's public key that a participant's agent seals to: {@code --room-key} when given, else the room's
 * {@code roomKey} as the read API shows it to the actor (with a token from the local issuer, as {@code enclavectl
 * token} mints it), waiting while the room is still pending.
 */
final class RoomKeyLookup {

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI api;
    private final Path tokenKeyFile;
    private final String roomKey;
    private final Duration timeout;

    RoomKeyLookup(URI api, Path tokenKeyFile, String roomKey, Duration timeout) {
        this.api = api;
        this.tokenKeyFile = tokenKeyFile;
        this.roomKey = roomKey;
        this.timeout = timeout;
    }

    /** The key to seal {@code what} ("windows", "a slot") to; refused with the reason when there is none. */
    String keyFor(CoordinationId room, UserId participant, String what) {
        String key = roomKey != null ? roomKey : roomKeyFromApi(room, participant, what);
        RoomSeals.problem(key).ifPresent(problem -> {
            throw new IllegalArgumentException("--room-key: " + problem);
        });
        return key;
    }

    /** The room's key as the actor sees it, waiting (up to the timeout) for the room to open. */
    private String roomKeyFromApi(CoordinationId room, UserId participant, String what) {
        String token = LocalTokens.mint(tokenKeyFile, participant, Duration.ofMinutes(5), "the room's key seals " + what
                + " before anything is sent: no API token key at " + tokenKeyFile + " to read it with (name it with"
                + " --token-key-file), or give the room's roomKey with --room-key");
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
        throw new IllegalArgumentException("room " + room.value() + " is " + status + ": it shows no key to seal "
                + what + " to (a room takes windows and slots only while it is open)");
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
