package io.enclavesuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.receipts.signing.SigningKeyFile;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 7: after a room's data is shredded no read model holds its windows. A room runs its whole course through every
 * projection of the service — windows shared (sealed), a slot proposed (sealed, issue 26), accepted, resolved, the
 * receipt issued, the data shredded — and then no row of any table of the read side holds a sealed window or a sealed
 * slot, while the room still reads as resolved with who shared how many windows. The suite's ReceiptFlowTest checks the
 * same across every service's schema with real sealing; this one pins the read side on its own, table by table, so a
 * new read model that kept windows fails here.
 */
class ShreddedRoomTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000c5");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final TimeWindow SLOT = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:30:00Z"));
    /** Ciphertext as the sealer writes it (base64url); nothing of it may stay on the read side. */
    private static final Map<UserId, String> SEALED = Map.of(ALICE, "QUxJQ0Utd2luZG93cy1zZWFsZWQtY2lwaGVydGV4dA",
            BOB, "Qk9CLXdpbmRvd3Mtc2VhbGVkLWNpcGhlcnRleHQ");
    /** The proposal as the room keeps it, sealed to its key: the read side keeps its number only. */
    private static final Proposal PROPOSAL = new Proposal(1,
            RoomSeals.sealProposal(RoomSeals.generate().publicKey(), ROOM, 1, SLOT));

    @TempDir
    Path folder;
    private ReadSide readSide;
    private long sequence;

    private void deliver(Function<Instant, Object> event) throws Exception {
        Instant at = T0.plus(Duration.ofMinutes(sequence));
        readSide.deliver(ROOM.value(), sequence++, event.apply(at), at, Map.of(MetadataKeys.ACTOR, "U0ALICE",
                MetadataKeys.VIA, "saga", "traceId", "t-room", "correlationId", "t-room"));
    }

    @Test
    void afterARoomsDataIsShreddedNoReadModelHoldsItsWindows() throws Exception {
        Path key = folder.resolve("receipt-signing-key.pem");
        SigningKeyFile.loadOrCreate(key, new SecureRandom());
        readSide = ReadSide.start(key);

        deliver(at -> new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("retro"), ALICE,
                List.of(ALICE, BOB), MeetingDuration.ofMinutes(30),
                new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                at.plus(Duration.ofHours(48)), null, at, null));
        deliver(at -> new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", at));
        deliver(at -> new ParticipationAuthorized(ROOM, BOB, Authorization.APPROVED, null, at));
        deliver(at -> new CoordinationOpened(ROOM, at, null));
        for (UserId person : List.of(ALICE, BOB)) {
            deliver(at -> new WindowsSubmitted(ROOM, person, new SealedWindows(SEALED.get(person)), 3, at));
        }
        deliver(at -> new SlotsProposed(ROOM, List.of(PROPOSAL), at));
        deliver(at -> new WindowsAcknowledged(ROOM, BOB, 1, at));
        for (UserId person : List.of(ALICE, BOB)) {
            deliver(at -> new SlotAccepted(ROOM, person, 1, at));
        }
        deliver(at -> new CoordinationResolved(ROOM, SLOT, at));
        deliver(at -> new ReceiptIssued("coordination", ROOM.value(), "receipt-c5", List.of("U0ALICE", "U0BOB"),
                EnclaveJson.mapper().createObjectNode().put("receiptId", "receipt-c5").put("enclaveId", ROOM.value()),
                at));
        deliver(at -> new CoordinationDataShredded(ROOM, at));

        List<String> tables = readSide.jdbc.queryForList("""
                select table_name from information_schema.tables
                where table_schema = 'enclave_query' and table_type = 'BASE TABLE' order by table_name""", String.class);
        assertThat(tables).contains("room", "room_participant", "event_history", "receipt");
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(readSide.jdbc.queryForList("select row_to_json(t)::text from enclave_query.\"" + table + "\" t",
                    String.class));
        }
        assertThat(rows).as("every row of the read side").isNotEmpty()
                .allSatisfy(row -> assertThat(row).doesNotContain(SEALED.values())
                        .doesNotContain(PROPOSAL.slot().value()));

        readSide.api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("resolved"))
                .andExpect(jsonPath("$.outcome.start").value("2026-12-01T10:00:00Z"))
                .andExpect(jsonPath("$.participants[0].submitted").value(true));
        JsonNode history = EnclaveJson.mapper().readTree(readSide.api
                .perform(get("/api/rooms/" + ROOM.value() + "/history").with(reader("U0BOB")))
                .andReturn().getResponse().getContentAsString());
        assertThat(history.findValues("type").stream().map(JsonNode::asText))
                .contains("WindowsSubmitted", "CoordinationDataShredded");
        assertThat(history.findValues("windowCount").stream().map(JsonNode::asInt)).containsExactly(3, 3);
    }
}
