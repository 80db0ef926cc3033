package io.enclavesuite.coordination.meeting;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.AuthorizeParticipation;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationStatus;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.IssueRoomReceipt;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.ShredRoomData;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.coordination.Withdraw;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.coordination.sealing.RoomKeys;
import io.enclavesuite.coordination.sealing.WindowSealer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A meeting-sync room. It keeps who takes part and how far each is, the sealed windows, and the proposals — and
 * never a window in clear: decisions that need the windows (the overlap) open them for the moment of the decision
 * with the room's key. The caller is the {@code actor} metadata; time comes from an injected {@link Clock}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@Aggregate(snapshotTriggerDefinition = "coordinationSnapshotTrigger", cache = "coordinationCache")
public class Coordination {

    /** The room's time limit: a persistent deadline, so it fires after a restart too. */
    public static final String TIME_LIMIT = "coordination-time-limit";
    /** The kind a room's receipt names. */
    public static final String RECEIPT_KIND = "coordination";

    @AggregateIdentifier
    private CoordinationId id;
    private CoordinationStatus status;
    private List<UserId> participants = new ArrayList<>();
    private MeetingDuration duration;
    private SearchRange range;
    private Set<UserId> authorized = new HashSet<>();
    private Set<UserId> awaitingApproval = new HashSet<>();
    private Map<UserId, SealedWindows> windows = new LinkedHashMap<>();
    private Set<TimeWindow> proposals = new LinkedHashSet<>();
    private Map<UserId, TimeWindow> acceptances = new HashMap<>();
    private Map<UserId, Set<TimeWindow>> acknowledgements = new HashMap<>();
    private boolean shredded;
    private boolean receiptIssued;

    protected Coordination() {
        // for Axon: state is rebuilt from events
    }

    @CommandHandler
    public Coordination(CreateCoordination command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                        CoordinationLimits limits, RoomKeys keys, DeadlineManager deadlines) {
        UserId initiator = UserId.ifUser(actor).orElseThrow(() -> new CoordinationRefused(
                "a room is started by a person (a Slack user), not by '" + actor + "'"));
        LinkedHashSet<UserId> people = new LinkedHashSet<>();
        people.add(initiator);
        for (UserId participant : command.participants()) {
            if (!people.add(participant) && !participant.equals(initiator)) {
                throw new CoordinationRefused(participant + " is listed twice");
            }
        }
        if (people.size() < CoordinationLimits.MIN_PARTICIPANTS) {
            throw new CoordinationRefused("a meeting sync needs at least " + CoordinationLimits.MIN_PARTICIPANTS
                    + " people including the initiator, not " + people.size());
        }
        if (people.size() > limits.maxParticipants()) {
            throw new CoordinationRefused("a meeting sync takes at most " + limits.maxParticipants()
                    + " people, not " + people.size());
        }
        Duration timeLimit = command.timeLimit() == null ? limits.defaultTimeLimit() : command.timeLimit();
        if (timeLimit.isNegative() || timeLimit.isZero() || timeLimit.compareTo(limits.maxTimeLimit()) > 0) {
            throw new CoordinationRefused("the time limit must be positive and at most " + limits.maxTimeLimit()
                    + ", not " + timeLimit);
        }
        Instant now = clock.instant();
        if (!command.range().to().isAfter(now)) {
            throw new CoordinationRefused("the search range ended at " + command.range().to()
                    + ": nothing can be found in the past");
        }
        if (Duration.between(command.range().from(), command.range().to()).compareTo(command.duration().length()) < 0) {
            throw new CoordinationRefused("a " + command.duration() + " meeting does not fit in the search range");
        }
        keys.create(command.coordinationId());
        Instant expiresAt = now.plus(timeLimit);
        deadlines.schedule(timeLimit, TIME_LIMIT, new TimeLimit(expiresAt));
        apply(new CoordinationCreated(command.coordinationId(), command.type(), command.purpose(), initiator,
                List.copyOf(people), command.duration(), command.range(), expiresAt, command.originChannel(), now));
    }

    /** From the authorization saga, with what the participant's policy decided. */
    @CommandHandler
    void handle(AuthorizeParticipation command, Clock clock) {
        require(CoordinationStatus.PENDING, "authorize participants");
        UserId participant = participantOrRefuse(command.participant());
        if (authorized.contains(participant) || awaitingApproval.contains(participant)) {
            return; // decided before: a redelivered decision changes nothing
        }
        Instant now = clock.instant();
        if (command.decision().autoExecute()) {
            apply(new ParticipationAuthorized(id, participant, Authorization.AUTO_EXECUTED,
                    command.decision().ruleId(), now));
            openIfEveryoneIsIn(now);
        } else {
            apply(new ParticipationApprovalRequested(id, participant, command.decision().reason(), now));
        }
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
            throw ended();
        }
        UserId participant = caller(actor);
        apply(new CoordinationAborted(id, AbortReason.WITHDRAWN, participant, command.reason(), clock.instant()));
    }

    /** Once everyone has submitted, the best slots of the overlap are proposed; a resubmission proposes afresh. */
    @CommandHandler
    void handle(SubmitWindows command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                CoordinationLimits limits, WindowSealer sealer, OverlapEngine engine) {
        require(CoordinationStatus.OPEN, "submit windows");
        UserId participant = caller(actor);
        List<TimeWindow> submitted = command.windows();
        if (submitted.isEmpty()) {
            throw new CoordinationRefused("submit at least one window (or withdraw)");
        }
        if (submitted.size() > limits.maxWindows()) {
            throw new CoordinationRefused("at most " + limits.maxWindows() + " windows, not " + submitted.size());
        }
        for (TimeWindow window : submitted) {
            if (window.start().isBefore(range.from()) || window.end().isAfter(range.to())) {
                throw new CoordinationRefused("window " + window.start() + " → " + window.end()
                        + " lies outside the search range " + range.from() + " → " + range.to());
            }
            if (window.length().compareTo(duration.length()) < 0) {
                throw new CoordinationRefused("window " + window.start() + " → " + window.end()
                        + " is shorter than the meeting (" + duration + ")");
            }
        }
        Instant now = clock.instant();
        apply(new WindowsSubmitted(id, participant, sealer.seal(id, participant, submitted), submitted.size(), now));
        if (windows.keySet().containsAll(participants)) {
            MeetingOverlap overlap = overlap(sealer, engine);
            apply(new SlotsProposed(id, overlap.candidates().stream()
                    .map(slot -> new TimeWindow(slot.start(), slot.end(), slot.confidence())).toList(), now));
        }
    }

    @CommandHandler
    void handle(ProposeSlot command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                WindowSealer sealer, OverlapEngine engine) {
        require(CoordinationStatus.OPEN, "propose a slot");
        UserId participant = caller(actor);
        TimeWindow slot = insideOverlap(command.slot(), sealer, engine);
        apply(new SlotProposed(id, participant, slot, clock.instant()));
    }

    @CommandHandler
    void handle(AcceptSlot command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        require(CoordinationStatus.OPEN, "accept a slot");
        UserId participant = caller(actor);
        TimeWindow slot = proposed(command.slot());
        Instant now = clock.instant();
        apply(new SlotAccepted(id, participant, slot, now));
        if (participants.stream().allMatch(p -> slot.equals(acceptances.get(p)))) {
            apply(new CoordinationResolved(id, slot, now));
        }
    }

    /** Acknowledging a proposal twice changes nothing. */
    @CommandHandler
    void handle(AcknowledgeWindows command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        require(CoordinationStatus.OPEN, "acknowledge a proposal");
        UserId participant = caller(actor);
        TimeWindow slot = proposed(command.slot());
        if (acknowledgements.getOrDefault(participant, Set.of()).contains(slot)) {
            return;
        }
        apply(new WindowsAcknowledged(id, participant, slot, clock.instant()));
    }

    @CommandHandler
    void handle(CounterSlot command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                WindowSealer sealer, OverlapEngine engine) {
        require(CoordinationStatus.OPEN, "counter a slot");
        UserId participant = caller(actor);
        TimeWindow rejected = proposed(command.rejected());
        TimeWindow alternative = insideOverlap(command.alternative(), sealer, engine);
        apply(new SlotCountered(id, participant, rejected, alternative, clock.instant()));
    }

    /** Only an ended room is shredded; shredding it again changes nothing. */
    @CommandHandler
    void handle(ShredRoomData command, Clock clock, RoomKeys keys) {
        if (shredded) {
            return;
        }
        if (!status.ended()) {
            throw new CoordinationRefused("room " + id + " is " + status.name().toLowerCase(Locale.ROOT)
                    + ": its windows are shredded only once it has ended");
        }
        keys.destroy(id);
        apply(new CoordinationDataShredded(id, clock.instant()));
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
            throw new CoordinationRefused("room " + id + " is " + status.name().toLowerCase(Locale.ROOT)
                    + ": only a resolved room gets a receipt");
        }
        apply(new ReceiptIssued(RECEIPT_KIND, id.value(), command.receiptId(),
                participants.stream().map(UserId::value).toList(), command.receipt(), clock.instant()));
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

    // ---- state ----------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(CoordinationCreated event) {
        id = event.coordinationId();
        status = CoordinationStatus.PENDING;
        participants = new ArrayList<>(event.participants());
        duration = event.duration();
        range = event.range();
    }

    @EventSourcingHandler
    void on(ParticipationAuthorized event) {
        awaitingApproval.remove(event.participant());
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
        acknowledgements.computeIfAbsent(event.participant(), p -> new HashSet<>()).add(event.slot());
    }

    @EventSourcingHandler
    void on(SlotsProposed event) {
        proposals.addAll(event.candidates());
    }

    @EventSourcingHandler
    void on(SlotProposed event) {
        proposals.add(event.slot());
    }

    @EventSourcingHandler
    void on(SlotAccepted event) {
        acceptances.put(event.participant(), event.slot());
    }

    @EventSourcingHandler
    void on(SlotCountered event) {
        proposals.add(event.alternative());
        acceptances.remove(event.participant(), event.rejected());
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
    }

    // ---- decisions' helpers ---------------------------------------------------------------------------------

    private void openIfEveryoneIsIn(Instant now) {
        if (authorized.containsAll(participants)) {
            apply(new CoordinationOpened(id, now));
        }
    }

    private void require(CoordinationStatus expected, String action) {
        if (status.ended()) {
            throw ended();
        }
        if (status != expected) {
            throw new CoordinationRefused("room " + id + " is " + status.name().toLowerCase(Locale.ROOT)
                    + ": cannot " + action + " now");
        }
    }

    private CoordinationRefused ended() {
        return new CoordinationRefused("room " + id + " has ended (" + status.name().toLowerCase(Locale.ROOT)
                + ")");
    }

    private UserId caller(String actor) {
        return UserId.ifUser(actor).filter(participants::contains).orElseThrow(() -> new CoordinationRefused(
                "only the room's participants act in room " + id + "; '" + actor + "' is not one"));
    }

    private UserId participantOrRefuse(UserId participant) {
        if (!participants.contains(participant)) {
            throw new CoordinationRefused(participant + " does not take part in room " + id);
        }
        return participant;
    }

    private TimeWindow proposed(TimeWindow slot) {
        return proposals.stream().filter(p -> p.start().equals(slot.start()) && p.end().equals(slot.end()))
                .findFirst().orElseThrow(() -> new CoordinationRefused("slot " + slot.start() + " → " + slot.end()
                        + " was not proposed in room " + id));
    }

    private MeetingOverlap overlap(WindowSealer sealer, OverlapEngine engine) {
        Map<String, List<TimeWindow>> open = new LinkedHashMap<>();
        windows.forEach((participant, sealed) -> open.put(participant.value(), sealer.unseal(id, participant, sealed)));
        return engine.find(open, duration, range);
    }

    /** The slot must last the meeting and lie wholly inside the common overlap; it takes the overlap's confidence. */
    private TimeWindow insideOverlap(TimeWindow slot, WindowSealer sealer, OverlapEngine engine) {
        if (!windows.keySet().containsAll(participants)) {
            throw new CoordinationRefused("not everyone has submitted windows in room " + id + " yet");
        }
        if (!slot.length().equals(duration.length())) {
            throw new CoordinationRefused("a slot lasts the meeting (" + duration + "), not " + slot.length());
        }
        List<TimeWindow> common = overlap(sealer, engine).commonOverlap();
        Instant covered = slot.start();
        var confidence = Confidence.HIGH;
        for (TimeWindow piece : common) {
            if (!piece.start().isAfter(covered) && piece.end().isAfter(covered)) {
                confidence = Confidence.weakest(confidence, piece.confidence());
                covered = piece.end();
                if (!covered.isBefore(slot.end())) {
                    return new TimeWindow(slot.start(), slot.end(), confidence);
                }
            }
        }
        throw new CoordinationRefused("slot " + slot.start() + " → " + slot.end()
                + " is not inside the participants' common availability");
    }
}
