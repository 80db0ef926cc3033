package io.enclavesuite.query.history;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/rooms/{room}/disclosures}: the room's disclosure ledger ({@link RoomDisclosures}) — what was
 * disclosed to whom, when, how, and until when — for its participants only; anyone else gets the same 404 as for a
 * room that does not exist, as for the room's history.
 */
@RestController
class DisclosureController {

    private final HistoryAccess access;
    private final RoomDisclosures disclosures;

    DisclosureController(HistoryAccess access, RoomDisclosures disclosures) {
        this.access = access;
        this.disclosures = disclosures;
    }

    record Ledger(String room, List<RoomDisclosures.Disclosure> disclosures) {
    }

    @GetMapping("/api/rooms/{room}/disclosures")
    Ledger disclosures(@PathVariable String room, @AuthenticationPrincipal UserId who) {
        if (!access.mayReadRoom(room, who)) {
            throw Problems.notFound("Room not found", "no room '" + room + "' with you in it");
        }
        return new Ledger(room, List.copyOf(disclosures.of(room).values()));
    }
}
