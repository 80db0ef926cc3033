package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.ApprovalDeferred;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.AuthorizeParticipation;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationStatus;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.DeferApproval;
import io.enclavesuite.api.coordination.IssueRoomReceipt;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.PolicyRuleIds;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.TrustLabel;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.coordination.Withdraw;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.trust.RoomSeals;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A meeting-sync room. It keeps who takes part and how far each is, the sealed windows, and the proposals — never
 * a window in clear; what it remembers is {@link CoordinationState}. It decides every command. The room's key is
 * {@link RoomKeyCommands}' part: that handler makes the key once a room is accepted, hands the room values — a
 * submission already sealed, the windows opened for the one decision that needs the overlap — and destroys the key
 * once the room says to shred. The caller is the {@code actor} metadata; time comes from an injected {@link Clock}.
 */
@Revision("2") // snapshots of revision 1 held proposals in clear (see migration V10)
@Aggregate(snapshotTriggerDefinition = "coordinationSnapshotTrigger", cache = "coordinationCache")
public class Coordination extends CoordinationState {

    /** The room's time limit: a persistent deadline, so it fires after a restart too. */
    public static final String TIME_LIMIT = "coordination-time-limit";
    /** How long a draft made because of a spent budget waits for approval: persistent, like the time limit. */
    public static final String APPROVAL_WINDOW = "coordination-approval-window";
    /** The kind a room's receipt names. */
    public static final String RECEIPT_KIND = "coordination";

    protected Coordination() {
        // for Axon: state is rebuilt from events
    }

    /**
     * {@code CreateCoordination}, from {@link RoomKeyCommands}, with the public half of the key it made for the room
     * (in the same transaction: a refused room leaves no key).
     */
    Coordination(CreateCoordination command, String actor, Instant now, CoordinationLimits limits,
                 DeadlineManager deadlines, RoomPublicKey roomKey) {
        NewRoom room = NewRoom.check(command, actor, now, limits);
        deadlines.schedule(room.timeLimit(), TIME_LIMIT, new TimeLimit(room.expiresAt()));
        apply(new CoordinationCreated(command.coordinationId(), command.type(), command.purpose(), room.initiator(),
                room.people(), command.duration(), command.range(), room.expiresAt(), command.originChannel(), now,
                roomKey));
    }

    /**
     * From the authorization saga, with what the participant's policy decided: in (auto-executed), asked, drafted —
     * with a deadline to approve when a spent weekly budget made the draft — or refused, which aborts the room for
     * everyone naming the rule: a policy check failed.
     */
    @CommandHandler
    void handle(AuthorizeParticipation command, Clock clock, CoordinationLimits limits, DeadlineManager deadlines) {
        require(CoordinationStatus.PENDING, "authorize participants");
        UserId participant = command.participant();
        if (!participants.contains(participant)) {
            throw new CoordinationRefused(participant + " does not take part in room " + id);
        }
        if (authorized.contains(participant) || awaitingApproval.contains(participant)) {
            return; // decided before: a redelivered decision changes nothing
        }
        Instant now = clock.instant();
        PolicyDecision decision = command.decision();
        switch (decision.outcome()) {
            case AUTO_EXECUTED -> {
                apply(new ParticipationAuthorized(id, participant, Authorization.AUTO_EXECUTED, decision.ruleId(), now));
                openIfEveryoneIsIn(now);
            }
            case ASKED -> apply(new ParticipationApprovalRequested(id, participant, decision.reason(), now));
            case DRAFTED -> {
                Instant approveBy = null;
                if (PolicyRuleIds.WEEKLY_BUDGET.equals(decision.ruleId())) {
                    approveBy = now.plus(limits.approvalWindow());
                    deadlines.schedule(approveBy, APPROVAL_WINDOW, new ApprovalWindow(participant, approveBy));
                }
                apply(new ParticipationApprovalRequested(id, participant, decision.reason(), now, TrustLabel.DRAFTED,
                        decision.ruleId(), approveBy));
            }
            case REFUSED -> apply(new CoordinationAborted(id, AbortReason.POLICY_REFUSED, participant,
                    decision.ruleId(), now, decision.reason()));
        }
    }

    /**
     * The participant acknowledges being asked without answering yet; they stay awaiting approval. Deferring again
     * changes nothing.
     */
    @CommandHandler
    void handle(DeferApproval command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        require(CoordinationStatus.PENDING, "defer an approval");
        UserId participant = caller(actor);
        if (!participant.equals(command.participant())) {
            throw new CoordinationRefused("only " + command.participant() + " defers their own approval");
        }
        if (!awaitingApproval.contains(participant)) {
            throw new CoordinationRefused(participant + " is not awaiting approval in room " + id);
        }
        if (deferred.contains(participant)) {
            return;
        }
        apply(new ApprovalDeferred(id, participant, clock.instant()));
    }

    @CommandHandler
    void handle(ApproveParticipation command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        require(CoordinationStatus.PENDING, "approve taking part");
        UserId participant = caller(actor);
        if (!awaitingApproval.contains(participant)) {
            throw new CoordinationRefused(participant + " was not asked to approve taking part in room " + id);
        }
        Instant now = clock.instant();
        apply(new ParticipationAuthorized(id, participant, Authorization.APPROVED, null, now));
        openIfEveryoneIsIn(now);
    }

    /** A decline aborts the room for everyone: the policy check failed. */
    @CommandHandler
    void handle(DeclineParticipation command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        require(CoordinationStatus.PENDING, "decline taking part");
        UserId participant = caller(actor);
        apply(new CoordinationAborted(id, AbortReason.DECLINED, participant, command.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(Withdraw command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        if (status != null && status.ended()) {
            throw CoordinationRefused.ended(id, status);
        }
        UserId participant = caller(actor);
        apply(new CoordinationAborted(id, AbortReason.WITHDRAWN, participant, command.reason(), clock.instant()));
    }

    /**
     * Whether the caller may submit windows now, decided before anything is opened; answers who submits. A room made
     * before senders sealed their own windows has no public key to seal to: it takes no new windows.
     */
    UserId checkSubmitter(String actor) {
        require(CoordinationStatus.OPEN, "submit windows");
        UserId participant = caller(actor);
        if (roomKey == null) {
            throw new CoordinationRefused("room " + id + " was opened before participants sealed their own windows"
                    + " and takes no new ones: start a new room");
        }
        return participant;
    }

    /**
     * Records a submission as its sender sealed it, once the windows it opens to are checked: inside the search range,
     * at least the meeting long, within the count limit. A refusal names a window by its place, never by its times.
     * True once everyone has submitted: then the best slots of the overlap are due ({@link #proposeBestSlots}); a
     * resubmission proposes afresh.
     */
    boolean submit(SubmitWindows command, String actor, CoordinationLimits limits, List<TimeWindow> opened,
                   Instant now) {
        UserId participant = checkSubmitter(actor);
        if (opened.isEmpty()) {
            throw new CoordinationRefused("submit at least one window (or withdraw)");
        }
        limits.checkWindowCount(opened.size());
        for (int i = 0; i < opened.size(); i++) {
            TimeWindow window = opened.get(i);
            if (window.start().isBefore(range.from()) || window.end().isAfter(range.to())) {
                throw new CoordinationRefused(ordinal(i, opened.size()) + " lies outside the room's search range");
            }
            if (window.length().compareTo(duration.length()) < 0) {
                throw new CoordinationRefused(ordinal(i, opened.size()) + " is shorter than the meeting (" + duration
                        + ")");
            }
        }
        apply(new WindowsSubmitted(id, participant, command.windows(), opened.size(), now));
        return everyoneSubmitted();
    }

    private static String ordinal(int index, int count) {
        return "window " + (index + 1) + " of " + count;
    }

    /**
     * Everyone has submitted: the overlap engine's best slots, best first, each a new numbered proposal sealed to the
     * room's public key (the number bound in), so the event holds no time.
     */
    void proposeBestSlots(OpenedWindows open, OverlapEngine engine, Instant now) {
        List<Proposal> candidates = new ArrayList<>();
        int number = lastProposal;
        for (TimeWindow slot : open.overlap(engine, duration, range).bestSlots()) {
            candidates.add(seal(++number, slot));
        }
        apply(new SlotsProposed(id, candidates, now));
    }

    /**
     * Whether a slot may be proposed or countered now, decided before anything is opened; answers who acts. A room
     * made before slots were sealed has no public key to seal a proposal to.
     */
    UserId checkProposer(String actor, String action) {
        require(CoordinationStatus.OPEN, action);
        UserId participant = caller(actor);
        if (!everyoneSubmitted()) {
            throw new CoordinationRefused("not everyone has submitted windows in room " + id + " yet");
        }
        if (roomKey == null) {
            throw new CoordinationRefused("room " + id + " was opened before slots were sealed and takes no new"
                    + " proposals: start a new room");
        }
        return participant;
    }

    /**
     * The slot the proposer's agent sealed, opened, becomes a proposal when it lasts the meeting and lies inside the
     * overlap; a time already proposed stays the proposal it is (its number is the answer) and records nothing.
     */
    int propose(UserId participant, TimeWindow slot, OpenedWindows open, OverlapEngine engine,
                Map<Integer, TimeWindow> current, Instant now) {
        TimeWindow inside = insideTheOverlap(slot, open, engine);
        Optional<Integer> already = sameTime(inside, current);
        if (already.isPresent()) {
            return already.get();
        }
        Proposal proposal = seal(lastProposal + 1, inside);
        apply(new SlotProposed(id, participant, proposal, now));
        return proposal.number();
    }

    /** Whether the caller may counter this proposal, decided before anything is opened; answers who counters. */
    UserId checkCounter(CounterSlot command, String actor) {
        UserId participant = checkProposer(actor, "counter a slot");
        proposal(command.rejected());
        return participant;
    }

    /** The alternative, opened, becomes a proposal (or is the one already proposed for that time). */
    int counter(UserId participant, int rejected, TimeWindow alternative, OpenedWindows open, OverlapEngine engine,
                Map<Integer, TimeWindow> current, Instant now) {
        TimeWindow inside = insideTheOverlap(alternative, open, engine);
        Proposal proposal = sameTime(inside, current).map(n -> new Proposal(n, proposals.get(n)))
                .orElseGet(() -> seal(lastProposal + 1, inside));
        apply(new SlotCountered(id, participant, rejected, proposal, now));
        return proposal.number();
    }

    /**
     * The caller accepts a current proposal. Answers the proposal's number when, with this, every participant has
     * accepted it: then the room resolves on its slot ({@link #resolve}), which {@link RoomKeyCommands} opens.
     */
    Optional<Integer> accept(AcceptSlot command, String actor, Instant now) {
        require(CoordinationStatus.OPEN, "accept a slot");
        UserId participant = caller(actor);
        int number = command.proposal();
        proposal(number);
        apply(new SlotAccepted(id, participant, number, now));
        return participants.stream().allMatch(p -> Integer.valueOf(number).equals(acceptances.get(p)))
                ? Optional.of(number) : Optional.empty();
    }

    /** Everyone accepted one proposal: its slot, opened, is the agreed one, in clear from now on. */
    void resolve(TimeWindow slot, Instant now) {
        apply(new CoordinationResolved(id, slot, now));
    }

    /** Acknowledging a proposal twice changes nothing. */
    @CommandHandler
    void handle(AcknowledgeWindows command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        require(CoordinationStatus.OPEN, "acknowledge a proposal");
        UserId participant = caller(actor);
        int number = command.proposal();
        proposal(number);
        if (acknowledgements.getOrDefault(participant, Set.of()).contains(number)) {
            return;
        }
        apply(new WindowsAcknowledged(id, participant, number, clock.instant()));
    }

    /**
     * Only an ended room is shredded; shredding it again changes nothing. True when it is shredded now: then its key
     * is to be destroyed, in the same transaction.
     */
    boolean shred(Instant now) {
        if (shredded) {
            return false;
        }
        if (!status.ended()) {
            throw CoordinationRefused.is(id, status, "its windows are shredded only once it has ended");
        }
        apply(new CoordinationDataShredded(id, now));
        return true;
    }

    /** The current proposals as sealed, by number, for {@link RoomKeyCommands} to open. */
    Map<Integer, SealedSlot> sealedProposals() {
        return Collections.unmodifiableMap(proposals);
    }

    /** What the room keeps of everyone's windows, for {@link RoomKeyCommands} to open. */
    Map<UserId, SealedWindows> sealedWindows() {
        return Collections.unmodifiableMap(windows);
    }

    /**
     * From the receipt issuer, once the room has resolved: the signed receipt, recorded once (a second receipt for
     * the same room — the resolution delivered again — changes nothing). Its holders are the participants.
     */
    @CommandHandler
    void handle(IssueRoomReceipt command, Clock clock) {
        if (receiptIssued) {
            return;
        }
        if (status != CoordinationStatus.RESOLVED) {
            throw CoordinationRefused.is(id, status, "only a resolved room gets a receipt");
        }
        apply(new ReceiptIssued(RECEIPT_KIND, id.value(), command.receiptId(),
                participants.stream().map(UserId::value).toList(), command.receipt(), clock.instant()));
    }

    /** The payload of the approval-window deadline: whose draft, and by when it had to be approved. */
    record ApprovalWindow(UserId participant, Instant approveBy) {
    }

    /**
     * A draft made because the participant's weekly budget was spent, still unapproved when its window closes: the
     * policy check failed, and the room aborts for everyone, as of the window's end.
     */
    @DeadlineHandler(deadlineName = APPROVAL_WINDOW)
    void approvalWindowClosed(ApprovalWindow due) {
        if (status == CoordinationStatus.PENDING && awaitingApproval.contains(due.participant())) {
            apply(new CoordinationAborted(id, AbortReason.POLICY_REFUSED, due.participant(),
                    PolicyRuleIds.WEEKLY_BUDGET, due.approveBy(), due.participant() + "'s weekly budget was spent and"
                    + " they did not approve the draft by " + due.approveBy()));
        }
    }

    /** The payload of the time-limit deadline (a deadline handler's first parameter is its payload). */
    record TimeLimit(Instant expiresAt) {
    }

    /** The time limit: a room still pending or open when it fires has expired, as of the limit itself. */
    @DeadlineHandler(deadlineName = TIME_LIMIT)
    void timeLimitReached(TimeLimit due) {
        if (!status.ended()) {
            apply(new CoordinationExpired(id, due.expiresAt()));
        }
    }

    // ---- decisions' helpers ---------------------------------------------------------------------------------

    private void openIfEveryoneIsIn(Instant now) {
        if (authorized.containsAll(participants)) {
            apply(new CoordinationOpened(id, now, roomKey));
        }
    }

    private boolean everyoneSubmitted() {
        return windows.keySet().containsAll(participants);
    }

    private void require(CoordinationStatus expected, String action) {
        if (status.ended()) {
            throw CoordinationRefused.ended(id, status);
        }
        if (status != expected) {
            throw CoordinationRefused.is(id, status, "cannot " + action + " now");
        }
    }

    private UserId caller(String actor) {
        return UserId.ifUser(actor).filter(participants::contains).orElseThrow(() -> new CoordinationRefused(
                "only the room's participants act in room " + id + "; '" + actor + "' is not one"));
    }

    /** The current proposal of that number, sealed; refused when there is none (never with a time). */
    private SealedSlot proposal(int number) {
        SealedSlot sealed = proposals.get(number);
        if (sealed == null) {
            throw CoordinationRefused.notProposed(id, number);
        }
        return sealed;
    }

    private Proposal seal(int number, TimeWindow slot) {
        return new Proposal(number, RoomSeals.sealProposal(roomKey.value(), id, number, slot));
    }

    private static Optional<Integer> sameTime(TimeWindow slot, Map<Integer, TimeWindow> current) {
        return current.entrySet().stream()
                .filter(e -> e.getValue().start().equals(slot.start()) && e.getValue().end().equals(slot.end()))
                .map(Map.Entry::getKey).findFirst();
    }

    /**
     * The slot, lasting the meeting and wholly inside the common overlap, with the overlap's confidence there. The
     * refusals name no time: they are stored and outlive the room.
     */
    private TimeWindow insideTheOverlap(TimeWindow slot, OpenedWindows open, OverlapEngine engine) {
        if (!slot.length().equals(duration.length())) {
            throw new CoordinationRefused("a slot lasts the meeting (" + duration + "), and this one does not");
        }
        return open.overlap(engine, duration, range).within(slot).orElseThrow(() -> new CoordinationRefused(
                "that slot is not inside the participants' common availability in room " + id));
    }
}
