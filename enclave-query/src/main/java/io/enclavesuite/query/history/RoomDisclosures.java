package io.enclavesuite.query.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room's disclosure ledger: what each of its events disclosed, by whom, to whom, how, and until when it could be
 * read — derived from the room's events as the history keeps them, so a replay that rebuilds the history rebuilds
 * the ledger. It is written for people and never quotes a window's or a slot's times: it says what was shared
 * ("3 availability windows", "a counter-proposal, numbered 3"), not what they said.
 * <p>
 * Who sees what follows from how the suite handles each kind of disclosure: a submission's windows and every proposed
 * slot (the room's candidates, a proposal, a counter-proposal) are sealed to the room's key, so only the room's
 * service opens them — to check them, to compute the overlap, and to show them to the room's participants while the
 * room is open — until the key is destroyed; an acceptance or acknowledgement names a proposal by its number, whose
 * time is sealed the same way. What travels in clear in an event (the agreed slot, and a slot event of revision 1,
 * from before slots were sealed: its number reads as 0) stays in the event store, so it is kept.
 */
@Component
class RoomDisclosures {

    static final String THE_ROOM = "the room";
    static final String THE_ROOMS_SERVICE = "the room's service";
    static final String KEPT = "kept";
    /** A sealed copy's {@code until} while its room's key still exists. */
    static final String UNTIL_KEY_DESTROYED = "until the room's key is destroyed";
    static final String SEALED = "sealed; opened only by the room's service";
    static final String IN_CLEAR = "in clear";
    static final String PROPOSAL_NOTE = "its time is shown by the room's service to the room's participants only while "
            + "the room is open";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    RoomDisclosures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One disclosure. {@code by} is a participant, or {@link #THE_ROOM} for what the room itself worked out (the
     * overlap's candidates, the agreed slot, the receipt); {@code to} is whom it was disclosed to; {@code until} is
     * when it stopped being readable (an instant), {@link #KEPT}, or {@link #UNTIL_KEY_DESTROYED}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Disclosure(long sequence, String type, String at, String by, String what, List<String> to, String how,
                      String until, String note) {
    }

    /** The room's ledger in event order, keyed by the sequence of the event that disclosed; empty for no room. */
    Map<Long, Disclosure> of(String room) {
        List<RoomEvent> events = jdbc.query("""
                        select sequence, type, occurred_at, payload::text as payload from event_history
                        where aggregate_id = ? and kind = 'coordination' order by sequence""",
                (rs, row) -> new RoomEvent(rs.getLong("sequence"), rs.getString("type"),
                        rs.getTimestamp("occurred_at").toInstant().toString(), parse(rs.getString("payload"))), room);
        return ledger(events);
    }

    /** What one event of an aggregate disclosed: nothing for an enclave's or a policy's, which no ledger covers. */
    Optional<Disclosure> of(String aggregate, long sequence) {
        boolean roomEvent = Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from event_history
                                       where aggregate_id = ? and sequence = ? and kind = 'coordination')""",
                Boolean.class, aggregate, sequence));
        return roomEvent ? Optional.ofNullable(of(aggregate).get(sequence)) : Optional.empty();
    }

    /** What one event disclosed, as the history's items and "Why?" carry it: the entry without its event's place. */
    JsonNode disclosed(Disclosure disclosure) {
        ObjectNode node = json.valueToTree(disclosure);
        node.remove(List.of("sequence", "type", "at"));
        return node;
    }

    private record RoomEvent(long sequence, String type, String at, JsonNode payload) {
    }

    private static Map<Long, Disclosure> ledger(List<RoomEvent> events) {
        List<String> participants = new ArrayList<>();
        boolean sealedBySender = false;
        String shreddedAt = null;
        for (RoomEvent event : events) {
            switch (event.type()) {
                case "CoordinationCreated" -> {
                    event.payload().path("participants").forEach(person -> participants.add(person.asText()));
                    sealedBySender |= event.payload().hasNonNull("roomKey");
                }
                case "CoordinationOpened" -> sealedBySender |= event.payload().hasNonNull("roomKey");
                case "CoordinationDataShredded" -> shreddedAt = event.at();
                default -> { }
            }
        }
        String sealedUntil = shreddedAt == null ? UNTIL_KEY_DESTROYED : shreddedAt;
        Map<Long, Disclosure> ledger = new LinkedHashMap<>();
        for (RoomEvent event : events) {
            Disclosure disclosure = new Entries(event, participants, sealedBySender, sealedUntil).disclosure();
            if (disclosure != null) {
                ledger.put(event.sequence(), disclosure);
            }
        }
        return ledger;
    }

    /** The entries one event makes, knowing the room it belongs to. */
    private record Entries(RoomEvent event, List<String> participants, boolean sealedBySender, String sealedUntil) {

        Disclosure disclosure() {
            JsonNode p = event.payload();
            String participant = p.path("participant").asText();
            return switch (event.type()) {
                case "CoordinationCreated" -> byParticipant(p.path("initiator").asText(),
                        "the room's purpose, its " + participants.size() + " participants, the meeting's length and "
                                + "the search range", IN_CLEAR, KEPT, null);
                case "ParticipationAuthorized" -> byParticipant(participant, "that they take part: "
                        + switch (p.path("authorization").asText()) {
                            case "auto-executed" -> "initiator".equals(p.path("ruleId").asText())
                                    ? "they started the room"
                                    : "their agent joined under their rule '" + p.path("ruleId").asText() + "'";
                            default -> "they approved joining";
                        }, IN_CLEAR, KEPT, null);
                case "ParticipationApprovalRequested" -> byParticipant(participant,
                        "that their agent asks them before joining, and why", IN_CLEAR, KEPT, null);
                case "WindowsSubmitted" -> windows(participant, p.path("windowCount").asInt());
                case "SlotsProposed" -> candidates(p.path("candidates"));
                case "SlotProposed" -> proposal(participant, number(p.path("proposal")), "a proposal", "");
                case "SlotCountered" -> proposal(participant, number(p.path("alternative")), "a counter-proposal",
                        number(p.path("rejected")) > 0
                                ? ", in place of proposal " + number(p.path("rejected")) + ", which they rejected"
                                : ", in place of a proposal they rejected");
                case "SlotAccepted" -> reply(participant, number(p.path("proposal")), "their acceptance of %s");
                case "WindowsAcknowledged" -> reply(participant, number(p.path("proposal")), "that %s suits them");
                case "CoordinationResolved" -> entry(THE_ROOM, "the agreed slot", participants, IN_CLEAR, KEPT, null);
                case "CoordinationAborted" -> byParticipant(p.path("by").asText(),
                        switch (p.path("reason").asText()) {
                            case "declined" -> "that they declined" + (p.hasNonNull("detail") ? ", with their note" : "");
                            case "policy-refused" -> "that their agent policy refused the room, and the rule that did";
                            default -> "that they withdrew" + (p.hasNonNull("detail") ? ", with their note" : "");
                        }, IN_CLEAR, KEPT, null);
                case "ApprovalDeferred" -> byParticipant(participant, "that they deferred answering", IN_CLEAR,
                        KEPT, null);
                case "ReceiptIssued" -> entry(THE_ROOM, "the receipt: the room's purpose, its participants and the "
                        + "agreed slot, signed", texts(p.path("holders")), "signed, in clear", KEPT, null);
                case "CoordinationDataShredded" -> entry(THE_ROOM, "room key destroyed: every sealed copy unreadable",
                        List.of(), null, null, null);
                default -> null;
            };
        }

        private Disclosure windows(String participant, int count) {
            String windows = count == 1 ? "1 availability window" : count + " availability windows";
            String note = "the room's other participants can read them only while the room is open; a later "
                    + "submission replaces them";
            if (!sealedBySender) {
                // rooms from before senders sealed: the service received them in clear and sealed them itself
                return byParticipant(participant, windows + ", sealed by the room's service on arrival",
                        "sent in clear to the room's service, which sealed them", sealedUntil, note);
            }
            return byParticipant(participant, windows + ", sealed to the room's key", SEALED, sealedUntil, note);
        }

        /**
         * A participant's proposal or counter-proposal: sealed to the room's key when numbered; from a revision-1
         * event (no number) it was sent in clear, and the event store keeps it.
         */
        private Disclosure proposal(String participant, int number, String what, String rejected) {
            return number > 0
                    ? byParticipant(participant, what + ", numbered " + number + rejected
                            + ", sealed to the room's key", SEALED, sealedUntil, PROPOSAL_NOTE)
                    : byParticipant(participant, what + rejected, IN_CLEAR, KEPT, null);
        }

        /** An acceptance or acknowledgement: it names a proposal by its number, whose time is sealed. */
        private Disclosure reply(String participant, int number, String what) {
            return number > 0
                    ? byParticipant(participant, what.formatted("proposal " + number)
                            + " (its time sealed to the room's key)", SEALED, sealedUntil, null)
                    : byParticipant(participant, what.formatted("a proposal"), IN_CLEAR, KEPT, null);
        }

        /** The room's candidates: how many and their numbers, sealed; or, from a revision-1 event, in clear. */
        private Disclosure candidates(JsonNode candidates) {
            int count = candidates.size();
            List<Integer> numbers = new ArrayList<>();
            candidates.forEach(candidate -> numbers.add(number(candidate)));
            if (count == 0) {
                return entry(THE_ROOM, "that everyone's windows have no slot in common", participants, IN_CLEAR, KEPT,
                        null);
            }
            String what = (count == 1 ? "1 candidate slot" : count + " candidate slots")
                    + " from the overlap of everyone's windows";
            if (numbers.stream().anyMatch(number -> number < 1)) {
                return entry(THE_ROOM, what, participants, IN_CLEAR, KEPT, null);
            }
            return entry(THE_ROOM, what + " (" + numbered(numbers) + "), sealed to the room's key", participants,
                    SEALED, sealedUntil, PROPOSAL_NOTE);
        }

        /** To the room's other participants and to its service, which handles every command. */
        private Disclosure byParticipant(String by, String what, String how, String until, String note) {
            List<String> to = new ArrayList<>(participants.stream().filter(person -> !person.equals(by)).toList());
            to.add(THE_ROOMS_SERVICE);
            return entry(by, what, to, how, until, note);
        }

        private Disclosure entry(String by, String what, List<String> to, String how, String until, String note) {
            return new Disclosure(event.sequence(), event.type(), event.at(), by, what, List.copyOf(to), how, until,
                    note);
        }

        /** "proposal 1", "proposals 1 and 2", "proposals 1, 2 and 3". */
        private static String numbered(List<Integer> numbers) {
            if (numbers.size() == 1) {
                return "proposal " + numbers.get(0);
            }
            List<String> each = numbers.stream().map(String::valueOf).toList();
            return "proposals " + String.join(", ", each.subList(0, each.size() - 1)) + " and "
                    + each.get(each.size() - 1);
        }

        /**
         * A proposal's number as the event holds it (a number, or a proposal with its number); 0 for a slot in clear,
         * as events of revision 1 held it (stored so in the history) or read back without it.
         */
        private static int number(JsonNode proposal) {
            JsonNode number = proposal.isObject() ? proposal.path("number") : proposal;
            return number.isIntegralNumber() ? number.intValue() : 0;
        }

        private static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            array.forEach(item -> texts.add(item.asText()));
            return texts;
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event_history holds JSON", e);
        }
    }
}
