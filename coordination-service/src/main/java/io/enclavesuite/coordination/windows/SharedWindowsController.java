package io.enclavesuite.coordination.windows;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/rooms/{room}/windows}: the windows shared in an open room, for one of its participants — the
 * person whose bearer token the request carries ({@link io.enclavesuite.write.http.InternalHttpSecurity}). Only this
 * service holds the room keys, so this is where windows are opened; the reader is never a parameter (a
 * {@code ?reader=} still sent is not read), because whoever could name a participant would read every window. Not a
 * participant, or no such room: the same 404. Errors are problem+json.
 */
@RestController
class SharedWindowsController {

    private final SharedWindows windows;

    SharedWindowsController(SharedWindows windows) {
        this.windows = windows;
    }

    @GetMapping("/internal/rooms/{room}/windows")
    SharedWindows.View windows(@PathVariable String room, @AuthenticationPrincipal UserId reader) {
        return answer(room, id -> windows.windowsFor(id, reader));
    }

    /**
     * {@code GET /internal/rooms/{room}/proposals}: the open room's current proposals with their times — which the
     * events and the read side hold only sealed or as numbers — for one of its participants, on the same terms.
     */
    @GetMapping("/internal/rooms/{room}/proposals")
    SharedWindows.Proposals proposals(@PathVariable String room, @AuthenticationPrincipal UserId reader) {
        return answer(room, id -> windows.proposalsFor(id, reader));
    }

    private static <T> T answer(String room, java.util.function.Function<CoordinationId, T> read) {
        CoordinationId id;
        try {
            id = CoordinationId.of(room);
        } catch (IllegalArgumentException e) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, "Malformed room id", e.getMessage());
        }
        try {
            return read.apply(id);
        } catch (SharedWindows.NotAParticipant e) {
            throw Problems.problem(HttpStatus.NOT_FOUND, "No such room", e.getMessage());
        } catch (SharedWindows.NotOpen e) {
            throw Problems.problem(HttpStatus.CONFLICT, "Room not open", e.getMessage());
        }
    }
}
