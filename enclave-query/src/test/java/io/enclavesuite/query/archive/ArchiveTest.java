package io.enclavesuite.query.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.ReadSide;
import io.enclavesuite.receipts.signing.SigningKeyFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * {@code GET /api/archive} on the whole read side, its read models filled by the service's own projections: the
 * reader's rooms and the enclaves they may view, newest change first, each filter narrowing it, pages that walk it
 * whole, and bad input answered 400 with the reason.
 */
class ArchiveTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final UserId DAVE = UserId.of("U0DAVE");
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    private static final String PLANNING = "room-00000000-0000-0000-0000-0000000000b1";
    private static final String REVIEW = "room-00000000-0000-0000-0000-0000000000b2";
    private static final String OFFSITE = "room-00000000-0000-0000-0000-0000000000b3";
    private static final String GROWTH = "growth";
    private static final String HANDBOOK = "handbook";
    private static final String PAYROLL = "payroll";

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final Map<String, Long> sequences = new HashMap<>();

    @TempDir
    static Path folder;
    private static ReadSide readSide;
    private static int minute;

    /**
     * Oldest first: Alice's growth enclave (Bob a member), the planning room (Alice, Bob), Dave's private payroll
     * enclave, the review room (Alice, Carol; it expires), Dave's open-read handbook, Carol and Dave's offsite room.
     * Alice reads all but payroll and the offsite.
     */
    @BeforeAll
    static void theirRoomsAndEnclaves() throws Exception {
        Path receiptKey = folder.resolve("receipt-signing-key.pem");
        SigningKeyFile.loadOrCreate(receiptKey, new SecureRandom());
        readSide = ReadSide.start(receiptKey);

        enclave(GROWTH, ALICE, Mode.MEMBER_EDIT);
        deliver(GROWTH, new MemberRegistered(EnclaveId.of(GROWTH), BOB, next()));
        room(PLANNING, "Quarterly planning", ALICE, BOB);
        enclave(PAYROLL, DAVE, Mode.PRIVATE);
        room(REVIEW, "Design review 50% done", ALICE, CAROL);
        deliver(REVIEW, new CoordinationExpired(CoordinationId.of(REVIEW), next()));
        enclave(HANDBOOK, DAVE, Mode.OPEN_READ);
        room(OFFSITE, "Offsite planning", CAROL, DAVE);
    }

    @Test
    void theReadersRoomsAndTheEnclavesTheyMayViewNewestChangeFirst() throws Exception {
        JsonNode page = ok(archive(ALICE));
        assertThat(ids(page)).containsExactly(HANDBOOK, REVIEW, PLANNING, GROWTH);
        assertThat(page.has("next")).isFalse();

        JsonNode review = page.path("items").get(1);
        assertThat(review.path("kind").asText()).isEqualTo("room");
        assertThat(review.path("title").asText()).isEqualTo("Design review 50% done");
        assertThat(review.path("status").asText()).isEqualTo("expired");
        assertThat(texts(review.path("people"))).containsExactly(ALICE.value(), CAROL.value());
        assertThat(review.path("why").path("aggregate").asText()).isEqualTo(REVIEW);
        assertThat(review.path("why").path("sequence").asLong()).isEqualTo(1);
        assertThat(Instant.parse(review.path("updatedAt").asText())).isEqualTo(T0.plus(Duration.ofMinutes(7)));

        JsonNode growth = page.path("items").get(3);
        assertThat(growth.path("kind").asText()).isEqualTo("enclave");
        assertThat(growth.path("title").asText()).isEqualTo(GROWTH);
        assertThat(growth.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(texts(growth.path("people"))).containsExactly(ALICE.value(), BOB.value());
        assertThat(growth.path("why").path("sequence").asLong()).isEqualTo(2);

        // Dave owns the private payroll and is in the offsite; the handbook is open to everyone
        assertThat(ids(ok(archive(DAVE)))).containsExactly(OFFSITE, HANDBOOK, PAYROLL);
        assertThat(ids(ok(archive(BOB)))).containsExactly(HANDBOOK, PLANNING, GROWTH);
        assertThat(ids(ok(archive(UserId.of("U0EVE"))))).containsExactly(HANDBOOK);
    }

    @Test
    void eachFilterNarrowsTheList() throws Exception {
        assertThat(ids(ok(archive(ALICE).param("kind", "room")))).containsExactly(REVIEW, PLANNING);
        assertThat(ids(ok(archive(ALICE).param("kind", "enclave")))).containsExactly(HANDBOOK, GROWTH);
        assertThat(ids(ok(archive(ALICE).param("status", "pending")))).containsExactly(PLANNING);
        assertThat(ids(ok(archive(ALICE).param("status", "active")))).containsExactly(HANDBOOK, GROWTH);
        assertThat(ids(ok(archive(ALICE).param("person", CAROL.value())))).containsExactly(REVIEW);
        assertThat(ids(ok(archive(ALICE).param("person", BOB.value())))).containsExactly(PLANNING, GROWTH);
        assertThat(ids(ok(archive(ALICE).param("person", DAVE.value())))).containsExactly(HANDBOOK);
        assertThat(ids(ok(archive(ALICE).param("q", "PLAN")))).containsExactly(PLANNING);
        assertThat(ids(ok(archive(ALICE).param("q", "book")))).containsExactly(HANDBOOK);
        // the text is matched as written, never as a pattern
        assertThat(ids(ok(archive(ALICE).param("q", "50%")))).containsExactly(REVIEW);
        assertThat(ids(ok(archive(ALICE).param("q", "%")))).containsExactly(REVIEW);
        assertThat(ids(ok(archive(ALICE).param("q", "_")))).isEmpty();
        assertThat(ids(ok(archive(ALICE).param("kind", "room").param("person", BOB.value())
                .param("status", "PENDING").param("q", "quarterly")))).containsExactly(PLANNING);
        // blank filters are no filters: what a GET form sends for its empty fields
        assertThat(ids(ok(archive(ALICE).param("kind", "").param("status", " ").param("after", ""))))
                .containsExactly(HANDBOOK, REVIEW, PLANNING, GROWTH);
    }

    @Test
    void pagesWalkEveryItemOnceWhateverTheReaderMayNotSeeBetweenThem() throws Exception {
        for (UserId reader : List.of(ALICE, DAVE)) {
            for (int limit = 1; limit <= 4; limit++) {
                List<String> walked = new ArrayList<>();
                String after = "";
                int pages = 0;
                do {
                    JsonNode page = ok(archive(reader).param("limit", Integer.toString(limit)).param("after", after));
                    assertThat(page.path("items").size()).isBetween(1, limit);
                    walked.addAll(ids(page));
                    after = page.path("next").asText("");
                    pages++;
                } while (!after.isEmpty() && pages < 10);
                assertThat(walked).as("%s, %d at a time", reader, limit)
                        .isEqualTo(ids(ok(archive(reader))));
            }
        }
        JsonNode first = ok(archive(ALICE).param("kind", "room").param("limit", "1"));
        assertThat(ids(ok(archive(ALICE).param("kind", "room").param("limit", "1")
                .param("after", first.path("next").asText())))).containsExactly(PLANNING);
    }

    @Test
    void badInputIsRefusedWithTheReason() throws Exception {
        assertRefused(archive(ALICE).param("limit", "0"), "limit must be a whole number from 1 to 100, not '0'");
        assertRefused(archive(ALICE).param("limit", "101"), "limit must be a whole number from 1 to 100, not '101'");
        assertRefused(archive(ALICE).param("limit", "ten"), "limit must be a whole number from 1 to 100, not 'ten'");
        assertRefused(archive(ALICE).param("kind", "tentacle"), "kind must be 'room' or 'enclave', not 'tentacle'");
        assertRefused(archive(ALICE).param("q", "x".repeat(201)), "q must be at most 200 characters");

        String next = ok(archive(ALICE).param("limit", "1")).path("next").asText();
        String cursorMessage = "after must be the 'next' of a previous page, exactly as given";
        for (String tampered : List.of("nonsense", next + "A", "A" + next, next.replace('.', '-'),
                flip(next, 3), flip(next, next.length() - 2), "." + next.substring(next.indexOf('.') + 1))) {
            assertRefused(archive(ALICE).param("after", tampered), cursorMessage);
        }
    }

    private static String flip(String text, int at) {
        char c = text.charAt(at);
        return text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
    }

    private static void assertRefused(MockHttpServletRequestBuilder request, String detail) throws Exception {
        MockHttpServletResponse answer = readSide.api.perform(request).andReturn().getResponse();
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(400);
        assertThat(JSON.readTree(answer.getContentAsString()).path("detail").asText()).isEqualTo(detail);
    }

    private static MockHttpServletRequestBuilder archive(UserId reader) {
        return get("/api/archive").with(ApiMockMvc.reader(reader.value()));
    }

    private static JsonNode ok(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse answer = readSide.api.perform(request).andReturn().getResponse();
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
        return JSON.readTree(answer.getContentAsString());
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).map(item -> item.path("id").asText())
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void enclave(String name, UserId owner, Mode mode) throws Exception {
        EnclaveId id = EnclaveId.of(name);
        deliver(name, new EnclaveProvisioningStarted(id, new ChannelRef(ChannelId.of("C0" + name.toUpperCase()), name),
                owner, QuotaPreset.SMALL, mode, id.namespace(), next()));
        deliver(name, new EnclaveActivated(id, id.namespace(), next()));
    }

    private static void room(String room, String purpose, UserId initiator, UserId other) throws Exception {
        Instant at = next();
        deliver(room, new CoordinationCreated(CoordinationId.of(room), CoordinationType.MEETING_SYNC,
                new Purpose(purpose), initiator, List.of(initiator, other), MeetingDuration.ofMinutes(30),
                new SearchRange(at, at.plus(Duration.ofDays(4))), at.plus(Duration.ofHours(48)), null, at, null));
    }

    private static Instant next() {
        return T0.plus(Duration.ofMinutes(minute++));
    }

    /** One event to every projection that handles it, next in its aggregate's stream, at the time it carries. */
    private static void deliver(String aggregate, Object event) throws Exception {
        long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
        readSide.deliver(aggregate, sequence, event, T0.plus(Duration.ofMinutes(minute)),
                Map.of(MetadataKeys.ACTOR, "U0ALICE", MetadataKeys.VIA, "slack", "traceId", "t-" + aggregate,
                        "correlationId", "t-" + aggregate));
    }
}
