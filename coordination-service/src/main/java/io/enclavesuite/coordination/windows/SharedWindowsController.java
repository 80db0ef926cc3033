package io.enclavesuite.coordination.windows;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.write.http.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/rooms/{room}/windows?reader=U…}: the windows shared in an open room, for one of its
 * participants. Internal: it trusts the caller to name the verified reader (the read side, which authenticates
 * people, relays to it), because only this service holds the room keys. Errors are problem+json.
 */
@RestController
class SharedWindowsController {

    private final SharedWindows windows;

    SharedWindowsController(SharedWindows windows) {
        this.windows = windows;
    }

    @GetMapping("/internal/rooms/{room}/windows")
    SharedWindows.View windows(@PathVariable String room, @RequestParam(required = false) String reader) {
        CoordinationId id;
        UserId who;
        try {
            id = CoordinationId.of(room);
        } catch (IllegalArgumentException e) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, "Malformed room id", e.getMessage());
        }
        who = Problems.requiredUser(reader, "reader");
        try {
            return windows.windowsFor(id, who);
        } catch (SharedWindows.NotAParticipant e) {
            throw Problems.problem(HttpStatus.NOT_FOUND, "No such room", e.getMessage());
        } catch (SharedWindows.NotOpen e) {
            throw Problems.problem(HttpStatus.CONFLICT, "Room not open", e.getMessage());
        }
    }
}
