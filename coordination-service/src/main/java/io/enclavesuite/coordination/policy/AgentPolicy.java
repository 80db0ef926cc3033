package io.enclavesuite.coordination.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyBudgetExhausted;
import io.enclavesuite.api.coordination.AutonomyBudgetReset;
import io.enclavesuite.api.coordination.AutonomyBudgetSet;
import io.enclavesuite.api.coordination.AutonomyBudgetSpent;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyLevelSet;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.AutonomyRuleRemoved;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationInitiated;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.EvaluateInvitation;
import io.enclavesuite.api.coordination.IdentityTrusted;
import io.enclavesuite.api.coordination.IdentityUntrusted;
import io.enclavesuite.api.coordination.InboundRateLimitSet;
import io.enclavesuite.api.coordination.InvitationEvaluated;
import io.enclavesuite.api.coordination.InvitationRateLimited;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.PolicyRuleIds;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.SetAutonomyBudget;
import io.enclavesuite.api.coordination.SetAutonomyLevel;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.TrustIdentity;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.meeting.CoordinationRefused;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A person's agent policy: how far their agent acts on its own ({@link AutonomyLevel}), the rules and trusted
 * identities under which it joins a meeting sync without asking, a weekly budget after which it only drafts, and how
 * many invitations one sender may send them in an hour. Only the person changes it. Every invitation is evaluated
 * here (a person who never set anything gets the defaults) and recorded, so the sender's rate can be counted; the
 * room records the decision too, with the rule that made it, where "Why?" finds it. The rooms the person starts are
 * counted here as well ({@link InitiatorRooms}).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@Aggregate(snapshotTriggerDefinition = "coordinationSnapshotTrigger") // one event per invitation: streams grow
public class AgentPolicy {

    public static final int MAX_RULES = 50;
    public static final int MAX_TRUSTED = 100;
    /** Fires when the week turns after the budget was spent: a persistent deadline, so it fires after a restart. */
    public static final String WEEK_TURN = "agent-policy-week-turn";
    private static final Duration HOUR = Duration.ofHours(1);

    @AggregateIdentifier
    private UserId owner;
    private Map<String, AutonomyRule> rules = new LinkedHashMap<>();
    /** Null: never set, {@link AutonomyLevel#DEFAULT}. */
    private AutonomyLevel level;
    private Map<UserId, TrustedIdentity> trusted = new LinkedHashMap<>();
    /** Null: no budget. */
    private WeeklyBudget budget;
    /** Null: the service's default. */
    private Integer inboundPerHour;
    /** The week the spending below belongs to (Monday 00:00 UTC). */
    private Instant week;
    private int meetingsThisWeek;
    private long minutesThisWeek;
    /** While set, the agent acts at draft-only: the budget is spent until the week turns then. */
    private Instant exhaustedUntil;
    /** Each sender's invitations within the last hour of the latest one recorded, oldest first. */
    private Map<UserId, List<Instant>> inbound = new HashMap<>();
    /** The rooms this person started within the last hour of the latest one, oldest first. */
    private List<Instant> started = new ArrayList<>();

    protected AgentPolicy() {
        // for Axon: state is rebuilt from events
    }

    /** The first rule creates the policy. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AddAutonomyRule command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        requireOwner(command.owner(), actor);
        AutonomyRule rule = command.rule();
        if (PolicyRuleIds.RESERVED.contains(rule.ruleId())) {
            throw new CoordinationRefused("rule id '" + rule.ruleId() + "' is reserved for what the policy itself"
                    + " decides: choose another");
        }
        if (rule.equals(rules.get(rule.ruleId()))) {
            return;
        }
        if (!rules.containsKey(rule.ruleId()) && rules.size() >= MAX_RULES) {
            throw new CoordinationRefused("an agent policy holds at most " + MAX_RULES + " rules");
        }
        apply(new AutonomyRuleAdded(command.owner(), rule, clock.instant()));
    }

    @CommandHandler
    void handle(RemoveAutonomyRule command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        requireOwner(command.owner(), actor);
        if (!rules.containsKey(command.ruleId())) {
            throw new CoordinationRefused("the agent policy of " + owner + " has no rule '" + command.ruleId() + "'");
        }
        apply(new AutonomyRuleRemoved(owner, command.ruleId(), clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetAutonomyLevel command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        requireOwner(command.owner(), actor);
        if (owner != null && command.level() == level()) {
            return;
        }
        apply(new AutonomyLevelSet(command.owner(), command.level(), clock.instant()));
    }

    /**
     * A budget already spent this week takes effect at once (draft-only until the week turns); a larger one, or none,
     * lifts draft-only at once.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetAutonomyBudget command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                DeadlineManager deadlines) {
        requireOwner(command.owner(), actor);
        if (owner != null && Objects.equals(command.budget(), budget)) {
            return;
        }
        Instant now = clock.instant();
        apply(new AutonomyBudgetSet(command.owner(), command.budget(), now));
        exhaustIfSpent(now, deadlines);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(TrustIdentity command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        requireOwner(command.owner(), actor);
        TrustedIdentity identity = command.identity();
        if (identity.person().equals(command.owner())) {
            throw new CoordinationRefused("your own rooms need no trust: you take part in every room you start");
        }
        if (identity.equals(trusted.get(identity.person()))) {
            return;
        }
        if (!trusted.containsKey(identity.person()) && trusted.size() >= MAX_TRUSTED) {
            throw new CoordinationRefused("an agent policy trusts at most " + MAX_TRUSTED + " people");
        }
        apply(new IdentityTrusted(command.owner(), identity, clock.instant()));
    }

    @CommandHandler
    void handle(UntrustIdentity command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        requireOwner(command.owner(), actor);
        TrustedIdentity identity = trusted.get(command.person());
        if (identity == null) {
            throw new CoordinationRefused(owner + " does not trust " + command.person());
        }
        List<CoordinationType> removed = command.intents().isEmpty() ? identity.intents() : command.intents();
        List<CoordinationType> unknown = removed.stream().filter(i -> !identity.intents().contains(i)).toList();
        if (!unknown.isEmpty()) {
            throw new CoordinationRefused(owner + " does not trust " + command.person() + " for "
                    + unknown.stream().map(CoordinationType::label).toList());
        }
        apply(new IdentityUntrusted(owner, command.person(), List.copyOf(removed), clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetInboundRateLimit command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                AutonomyLimits limits) {
        requireOwner(command.owner(), actor);
        Integer perHour = command.perHour();
        if (perHour != null && (perHour < 1 || perHour > limits.maxInboundPerHour())) {
            throw new CoordinationRefused("an inbound rate limit is 1 to " + limits.maxInboundPerHour()
                    + " invitations per sender and hour, not " + perHour);
        }
        if (owner != null && Objects.equals(perHour, inboundPerHour)) {
            return;
        }
        apply(new InboundRateLimitSet(command.owner(), perHour, clock.instant()));
    }

    /**
     * In this order: a sender over the inbound rate limit is refused; level none refuses; a trusted identity
     * auto-executes for its intents; full auto-executes; draft-only (or a spent budget) drafts; auto-respond lets the
     * first matching rule, in the order they were added, auto-execute, and asks the person otherwise. Each invitation
     * within the rate is recorded; an auto-execution spends the budget.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    PolicyDecision handle(EvaluateInvitation command, Clock clock, AutonomyLimits limits, DeadlineManager deadlines) {
        Instant now = clock.instant();
        UserId person = command.participant();
        UserId sender = command.initiator();
        int perHour = inboundPerHour == null ? limits.inboundPerHour() : inboundPerHour;
        List<Instant> recent = within(inbound.getOrDefault(sender, List.of()), now);
        if (recent.size() >= perHour) {
            Instant retryAfter = recent.get(recent.size() - perHour).plus(HOUR);
            apply(new InvitationRateLimited(person, command.room(), sender, perHour, retryAfter, now));
            return PolicyDecision.refused(PolicyRuleIds.INBOUND_RATE_LIMIT, sender + " sent " + person + " more than "
                    + perHour + " invitations in an hour; they may invite them again from " + retryAfter);
        }
        PolicyDecision decision = decide(command, now);
        apply(new InvitationEvaluated(person, command.room(), sender, decision.outcome(), decision.ruleId(), now));
        if (decision.autoExecute() && budget != null) {
            spend(command, now, deadlines);
        }
        return decision;
    }

    private PolicyDecision decide(EvaluateInvitation command, Instant now) {
        AutonomyLevel level = level();
        if (level == AutonomyLevel.NONE) {
            return PolicyDecision.refused(PolicyRuleIds.LEVEL_NONE, command.participant()
                    + "'s agent takes part in no room on its own (autonomy level none)");
        }
        if (trusted.values().stream().anyMatch(t -> t.covers(command.initiator(), command.intent()))) {
            return PolicyDecision.autoExecuted(PolicyRuleIds.TRUSTED_IDENTITY);
        }
        if (exhausted(now)) {
            return PolicyDecision.drafted(PolicyRuleIds.WEEKLY_BUDGET, "the weekly budget (" + budget
                    + ") is spent until " + exhaustedUntil + ": the agent only drafts");
        }
        return switch (level) {
            case FULL -> PolicyDecision.autoExecuted(PolicyRuleIds.LEVEL_FULL);
            case DRAFT_ONLY -> PolicyDecision.drafted(PolicyRuleIds.LEVEL_DRAFT_ONLY,
                    "the agent only drafts (autonomy level draft-only)");
            default -> rules.values().stream()
                    .filter(rule -> rule.matches(command.initiator(), command.purpose(),
                            command.initiatorSharesAnEnclave()))
                    .findFirst()
                    .map(rule -> PolicyDecision.autoExecuted(rule.ruleId()))
                    .orElseGet(() -> PolicyDecision.askParticipant(rules.isEmpty()
                            ? "no autonomy rules: every invitation is asked"
                            : "none of " + rules.size() + " autonomy rules matched"));
        };
    }

    private void spend(EvaluateInvitation command, Instant now, DeadlineManager deadlines) {
        Instant thisWeek = WeeklyBudget.weekStart(now);
        boolean sameWeek = thisWeek.equals(week);
        long minutes = command.length() == null ? 0 : command.length().length().toMinutes();
        apply(new AutonomyBudgetSpent(command.participant(), command.room(), command.length(),
                (sameWeek ? meetingsThisWeek : 0) + 1, (sameWeek ? minutesThisWeek : 0) + minutes, thisWeek, now));
        exhaustIfSpent(now, deadlines);
    }

    /** Once per week at most: the week's turn is scheduled once, with the exhaustion it ends. */
    private void exhaustIfSpent(Instant now, DeadlineManager deadlines) {
        Instant thisWeek = WeeklyBudget.weekStart(now);
        if (budget == null || exhausted(now) || !thisWeek.equals(week)
                || !budget.spentBy(meetingsThisWeek, minutesThisWeek)) {
            return;
        }
        Instant turn = WeeklyBudget.nextWeekStart(now);
        deadlines.schedule(turn, WEEK_TURN, new WeekTurn(turn));
        apply(new AutonomyBudgetExhausted(owner, budget, thisWeek, turn, now));
    }

    /** The payload of the week-turn deadline: the Monday 00:00 UTC it fires at. */
    record WeekTurn(Instant weekStart) {
    }

    /** The week turned: a budget still spent is whole again, as of the turn itself. */
    @DeadlineHandler(deadlineName = WEEK_TURN)
    void weekTurned(WeekTurn due) {
        if (exhaustedUntil != null && !exhaustedUntil.isAfter(due.weekStart())) {
            apply(new AutonomyBudgetReset(owner, due.weekStart(), due.weekStart()));
        }
    }

    /**
     * From {@link InitiatorRooms}, when this person starts a room: refused over {@code roomsPerHour} within the last
     * hour, saying when the next one may start.
     */
    void roomStarted(UserId initiator, CoordinationId room, Instant now, int roomsPerHour) {
        List<Instant> recent = within(started, now);
        if (recent.size() >= roomsPerHour) {
            throw new CoordinationRefused(initiator + " started " + roomsPerHour + " rooms in the last hour, the"
                    + " most one person may: start the next from " + recent.get(recent.size() - roomsPerHour)
                    .plus(HOUR));
        }
        apply(new CoordinationInitiated(initiator, room, now));
    }

    private AutonomyLevel level() {
        return level == null ? AutonomyLevel.DEFAULT : level;
    }

    private boolean exhausted(Instant now) {
        return exhaustedUntil != null && now.isBefore(exhaustedUntil);
    }

    /** The instants of the hour up to {@code now}. */
    private static List<Instant> within(List<Instant> instants, Instant now) {
        Instant since = now.minus(HOUR);
        return instants.stream().filter(at -> at.isAfter(since)).toList();
    }

    @EventSourcingHandler
    void on(AutonomyRuleAdded event) {
        owner = event.owner();
        rules.put(event.rule().ruleId(), event.rule());
    }

    @EventSourcingHandler
    void on(AutonomyRuleRemoved event) {
        rules.remove(event.ruleId());
    }

    @EventSourcingHandler
    void on(AutonomyLevelSet event) {
        owner = event.owner();
        level = event.level();
    }

    @EventSourcingHandler
    void on(AutonomyBudgetSet event) {
        owner = event.owner();
        budget = event.budget();
        if (budget == null || !budget.spentBy(meetingsThisWeek, minutesThisWeek)) {
            exhaustedUntil = null;
        }
    }

    @EventSourcingHandler
    void on(IdentityTrusted event) {
        owner = event.owner();
        trusted.put(event.identity().person(), event.identity());
    }

    @EventSourcingHandler
    void on(IdentityUntrusted event) {
        TrustedIdentity identity = trusted.remove(event.person());
        if (identity != null) {
            List<CoordinationType> left = identity.intents().stream().filter(i -> !event.intents().contains(i))
                    .toList();
            if (!left.isEmpty()) {
                trusted.put(event.person(), new TrustedIdentity(event.person(), left));
            }
        }
    }

    @EventSourcingHandler
    void on(InboundRateLimitSet event) {
        owner = event.owner();
        inboundPerHour = event.perHour();
    }

    @EventSourcingHandler
    void on(InvitationEvaluated event) {
        owner = event.owner();
        Instant since = event.at().minus(HOUR);
        inbound.values().forEach(list -> list.removeIf(at -> !at.isAfter(since)));
        inbound.values().removeIf(List::isEmpty);
        inbound.computeIfAbsent(event.initiator(), sender -> new ArrayList<>()).add(event.at());
    }

    @EventSourcingHandler
    void on(InvitationRateLimited event) {
        owner = event.owner();
    }

    @EventSourcingHandler
    void on(AutonomyBudgetSpent event) {
        week = event.weekStart();
        meetingsThisWeek = event.meetingsThisWeek();
        minutesThisWeek = event.minutesThisWeek();
    }

    @EventSourcingHandler
    void on(AutonomyBudgetExhausted event) {
        exhaustedUntil = event.resetsAt();
    }

    @EventSourcingHandler
    void on(AutonomyBudgetReset event) {
        exhaustedUntil = null;
        week = event.weekStart();
        meetingsThisWeek = 0;
        minutesThisWeek = 0;
    }

    @EventSourcingHandler
    void on(CoordinationInitiated event) {
        owner = event.initiator();
        Instant since = event.at().minus(HOUR);
        started.removeIf(at -> !at.isAfter(since));
        started.add(event.at());
    }

    private static void requireOwner(UserId policyOwner, String actor) {
        if (!UserId.ifUser(actor).filter(policyOwner::equals).isPresent()) {
            throw new CoordinationRefused("only " + policyOwner + " changes their own agent policy");
        }
    }
}
