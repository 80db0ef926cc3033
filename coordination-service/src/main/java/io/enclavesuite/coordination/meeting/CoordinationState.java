package io.enclavesuite.coordination.meeting;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.coordination.ApprovalDeferred;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationStatus;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a room remembers, and only what {@link Coordination}'s decisions need: each event's effect on it. Only the
 * event sourcing handlers here assign these fields; the decisions read them. Axon rebuilds it from the room's
 * events, or starts from a snapshot — the JSON of these fields, stored under {@code Coordination}'s class name —
 * so their names and types stay as they are ({@code CoordinationSnapshotTest}).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
abstract class CoordinationState {

    @AggregateIdentifier
    CoordinationId id;
    CoordinationStatus status;
    List<UserId> participants = new ArrayList<>();
    MeetingDuration duration;
    SearchRange range;
    RoomPublicKey roomKey;
    Set<UserId> authorized = new HashSet<>();
    Set<UserId> awaitingApproval = new HashSet<>();
    /** Of those awaiting approval, who deferred answering. */
    Set<UserId> deferred = new HashSet<>();
    Map<UserId, SealedWindows> windows = new LinkedHashMap<>();
    /** The current proposals by number, each slot sealed to the room's key; a number is never given twice. */
    Map<Integer, SealedSlot> proposals = new LinkedHashMap<>();
    int lastProposal;
    Map<UserId, Integer> acceptances = new HashMap<>();
    Map<UserId, Set<Integer>> acknowledgements = new HashMap<>();
    boolean shredded;
    boolean receiptIssued;

    @EventSourcingHandler
    void on(CoordinationCreated event) {
        id = event.coordinationId();
        status = CoordinationStatus.PENDING;
        participants = new ArrayList<>(event.participants());
        duration = event.duration();
        range = event.range();
        roomKey = event.roomKey();
    }

    @EventSourcingHandler
    void on(ApprovalDeferred event) {
        deferred.add(event.participant());
    }

    @EventSourcingHandler
    void on(ParticipationAuthorized event) {
        awaitingApproval.remove(event.participant());
        deferred.remove(event.participant());
        authorized.add(event.participant());
    }

    @EventSourcingHandler
    void on(ParticipationApprovalRequested event) {
        awaitingApproval.add(event.participant());
    }

    @EventSourcingHandler
    void on(CoordinationOpened event) {
        status = CoordinationStatus.OPEN;
    }

    /** A new submission invalidates what was proposed and accepted on the old overlap. */
    @EventSourcingHandler
    void on(WindowsSubmitted event) {
        windows.put(event.participant(), event.windows());
        proposals.clear();
        acceptances.clear();
        acknowledgements.clear();
    }

    @EventSourcingHandler
    void on(WindowsAcknowledged event) {
        acknowledgements.computeIfAbsent(event.participant(), p -> new HashSet<>()).add(event.proposal());
    }

    @EventSourcingHandler
    void on(SlotsProposed event) {
        event.candidates().forEach(this::propose);
    }

    @EventSourcingHandler
    void on(SlotProposed event) {
        propose(event.proposal());
    }

    @EventSourcingHandler
    void on(SlotAccepted event) {
        acceptances.put(event.participant(), event.proposal());
    }

    @EventSourcingHandler
    void on(SlotCountered event) {
        propose(event.alternative());
        acceptances.remove(event.participant(), event.rejected());
    }

    /** A proposal from before slots were sealed (number 0) is not kept: it has no time to accept. */
    private void propose(Proposal proposal) {
        if (proposal.sealed()) {
            proposals.put(proposal.number(), proposal.slot());
            lastProposal = Math.max(lastProposal, proposal.number());
        }
    }

    @EventSourcingHandler
    void on(CoordinationResolved event) {
        status = CoordinationStatus.RESOLVED;
    }

    @EventSourcingHandler
    void on(CoordinationExpired event) {
        status = CoordinationStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(CoordinationAborted event) {
        status = CoordinationStatus.ABORTED;
    }

    @EventSourcingHandler
    void on(ReceiptIssued event) {
        receiptIssued = true;
    }

    @EventSourcingHandler
    void on(CoordinationDataShredded event) {
        shredded = true;
        windows.clear();
        proposals.clear();
    }
}
