package io.enclavesuite.query.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.ApprovalDeferred;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.TrustLabel;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.eventtopics.SavepointPerEvent;
import io.enclavesuite.eventtopics.UnreadableEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Projects coordination events into {@code room} and {@code room_participant}. Every change first advances the room's
 * {@code last_sequence}, in the same transaction as the processor's token, and is skipped when the event is not
 * newer: redeliveries and replays change nothing. Windows never reach the read model — only who submitted how many —
 * and neither does an open room's slot: proposals are kept as numbers ({@code room.proposals}: each one's number, who
 * proposed it, who found it acceptable; {@code room_participant.accepted}: the number a participant accepted), their
 * times being sealed to the room's key. Only the agreed slot, once resolved, is kept in clear ({@code outcome}).
 * A proposal from a revision-1 event is kept as number 0: counted, with no number to show.
 */
@Component
@SavepointPerEvent
@ProcessingGroup(RoomProjection.PROCESSING_GROUP)
class RoomProjection {

    static final String PROCESSING_GROUP = "rooms";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    RoomProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A record the event topics' reader refused: parked in this read model's dead letters, with the reason. */
    @EventHandler
    void on(UnreadableEvent event) {
        throw event.refusal();
    }

    @EventHandler
    void on(CoordinationCreated event, @SequenceNumber long sequence) {
        String room = event.coordinationId().value();
        int created = jdbc.update("""
                        insert into room (room_id, status, purpose, initiator, origin_channel, created_at, expires_at,
                                          updated_at, last_sequence, room_key)
                        values (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?) on conflict (room_id) do nothing""",
                room, event.purpose().text(), event.initiator().value(),
                event.originChannel() == null ? null : event.originChannel().value(), ts(event.at()),
                ts(event.expiresAt()), ts(event.at()), sequence, event.roomKey() == null ? null : event.roomKey().value());
        if (created == 1) {
            for (UserId participant : event.participants()) {
                jdbc.update("insert into room_participant (room_id, user_id, authorized_as) values (?, ?, 'asked')",
                        room, participant.value());
            }
        }
    }

    @EventHandler
    void on(ParticipationAuthorized event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            // an answer ends a deferral
            jdbc.update("""
                            update room_participant set authorized_as = ?, rule_id = ?, deferred_at = null
                            where room_id = ? and user_id = ?""",
                    event.authorization().label(), event.ruleId(), event.coordinationId().value(),
                    event.participant().value());
        }
    }

    @EventHandler
    void on(ParticipationApprovalRequested event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            // drafted: their agent prepared the joining under a rule and they approve it, by approveBy if set
            String asked = event.label() == TrustLabel.DRAFTED ? "drafted" : "awaiting-approval";
            jdbc.update("""
                            update room_participant set authorized_as = ?, approval_reason = ?, rule_id = ?,
                                                        approve_by = ?
                            where room_id = ? and user_id = ?""",
                    asked, event.reason(), event.ruleId(), event.approveBy() == null ? null : ts(event.approveBy()),
                    event.coordinationId().value(), event.participant().value());
        }
    }

    /** Acknowledged without an answer yet: still asked, but no longer needing their attention. */
    @EventHandler
    void on(ApprovalDeferred event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            jdbc.update("update room_participant set deferred_at = ? where room_id = ? and user_id = ?",
                    ts(event.at()), event.coordinationId().value(), event.participant().value());
        }
    }

    @EventHandler
    void on(CoordinationOpened event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            status(event.coordinationId(), "open");
            if (event.roomKey() != null) {
                jdbc.update("update room set room_key = ? where room_id = ?", event.roomKey().value(),
                        event.coordinationId().value());
            }
        }
    }

    /** A new submission voids the proposals and acceptances made on the old overlap, as in the room itself. */
    @EventHandler
    void on(WindowsSubmitted event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            String room = event.coordinationId().value();
            jdbc.update("""
                            update room_participant set window_count = ?, submitted_at = ?
                            where room_id = ? and user_id = ?""",
                    event.windowCount(), ts(event.at()), room, event.participant().value());
            jdbc.update("update room set proposals = '[]' where room_id = ?", room);
            jdbc.update("update room_participant set accepted = null where room_id = ?", room);
        }
    }

    @EventHandler
    void on(SlotsProposed event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            ArrayNode proposals = json.createArrayNode();
            event.candidates().forEach(candidate -> proposals.add(proposal(candidate.number(), null)));
            jdbc.update("update room set proposals = ?::jsonb where room_id = ?", proposals.toString(),
                    event.coordinationId().value());
        }
    }

    @EventHandler
    void on(SlotProposed event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            propose(event.coordinationId(), event.proposal(), event.participant());
        }
    }

    /** The alternative joins the proposals (unless it is one); the counterer's acceptance of the rejected lapses. */
    @EventHandler
    void on(SlotCountered event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            propose(event.coordinationId(), event.alternative(), event.participant());
            if (event.rejected() != Proposal.UNSEALED) {
                jdbc.update("""
                                update room_participant set accepted = null
                                where room_id = ? and user_id = ? and accepted = to_jsonb(?)""",
                        event.coordinationId().value(), event.participant().value(), event.rejected());
            }
        }
    }

    @EventHandler
    void on(SlotAccepted event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            jdbc.update("update room_participant set accepted = to_jsonb(?) where room_id = ? and user_id = ?",
                    event.proposal(), event.coordinationId().value(), event.participant().value());
        }
    }

    /** Who found which current proposal acceptable; one from a revision-1 event names no proposal to mark. */
    @EventHandler
    void on(WindowsAcknowledged event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at()) && event.proposal() != Proposal.UNSEALED) {
            ArrayNode proposals = proposals(event.coordinationId());
            for (JsonNode proposal : proposals) {
                if (proposal.path("number").asInt() == event.proposal()) {
                    ArrayNode by = ((ObjectNode) proposal).withArray("acknowledgedBy");
                    if (!contains(by, event.participant().value())) {
                        by.add(event.participant().value());
                    }
                }
            }
            jdbc.update("update room set proposals = ?::jsonb where room_id = ?", proposals.toString(),
                    event.coordinationId().value());
        }
    }

    @EventHandler
    void on(CoordinationResolved event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            jdbc.update("update room set status = 'resolved', outcome = ?::jsonb where room_id = ?",
                    write(event.slot()), event.coordinationId().value());
        }
    }

    @EventHandler
    void on(CoordinationExpired event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            jdbc.update("update room set status = 'expired', ended_reason = 'expired' where room_id = ?",
                    event.coordinationId().value());
            forgetSharedTimes(event.coordinationId());
        }
    }

    @EventHandler
    void on(CoordinationAborted event, @SequenceNumber long sequence) {
        if (advance(event.coordinationId(), sequence, event.at())) {
            String room = event.coordinationId().value();
            String reason = event.reason().label();
            // a policy's refusal names its rule; a person's decline or withdrawal keeps their note out of the view
            boolean refused = event.reason() == AbortReason.POLICY_REFUSED;
            jdbc.update("""
                            update room set status = 'aborted', ended_reason = ?, ended_by = ?, ended_rule = ?,
                                            ended_explanation = ?
                            where room_id = ?""",
                    reason, event.by() == null ? null : event.by().value(), refused ? event.detail() : null,
                    refused ? event.explanation() : null, room);
            forgetSharedTimes(event.coordinationId());
            if ("declined".equals(reason) && event.by() != null) {
                jdbc.update("update room_participant set authorized_as = 'declined' where room_id = ? and user_id = ?",
                        room, event.by().value());
            }
        }
    }

    /** An ended room keeps status, purpose, participants and the ending: never a time a participant shared. */
    private void forgetSharedTimes(CoordinationId room) {
        jdbc.update("update room set proposals = '[]' where room_id = ?", room.value());
        jdbc.update("update room_participant set accepted = null where room_id = ?", room.value());
    }

    /** A new number joins the proposals once; a proposal from a revision-1 event (number 0) is counted each time. */
    private void propose(CoordinationId room, Proposal proposal, UserId by) {
        ArrayNode proposals = proposals(room);
        for (JsonNode kept : proposals) {
            if (proposal.sealed() && kept.path("number").asInt() == proposal.number()) {
                return;
            }
        }
        proposals.add(proposal(proposal.number(), by));
        jdbc.update("update room set proposals = ?::jsonb where room_id = ?", proposals.toString(), room.value());
    }

    /** A proposal as the room keeps it: its number, who made it (null for the room's own), who acknowledged it. */
    private ObjectNode proposal(int number, UserId by) {
        ObjectNode proposal = json.createObjectNode().put("number", number)
                .put("proposedBy", by == null ? null : by.value());
        proposal.putArray("acknowledgedBy");
        return proposal;
    }

    private static boolean contains(ArrayNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private ArrayNode proposals(CoordinationId room) {
        String kept = jdbc.queryForObject("select proposals::text from room where room_id = ?", String.class,
                room.value());
        try {
            return (ArrayNode) json.readTree(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("room.proposals holds JSON", e);
        }
    }

    private void status(CoordinationId room, String status) {
        jdbc.update("update room set status = ? where room_id = ?", status, room.value());
    }

    /** Moves the room to this event; false when the room has seen it (or a later one) already. */
    private boolean advance(CoordinationId room, long sequence, Instant at) {
        return jdbc.update("""
                        update room set last_sequence = ?, updated_at = greatest(updated_at, ?)
                        where room_id = ? and last_sequence < ?""",
                sequence, ts(at), room.value(), sequence) == 1;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the agreed slot always serialises", e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    /** A replay from the start rebuilds the rooms from nothing. */
    @ResetHandler
    void reset() {
        jdbc.update("truncate room_participant, room");
    }
}
