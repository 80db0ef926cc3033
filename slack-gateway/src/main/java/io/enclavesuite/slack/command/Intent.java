package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SetAutonomyBudget;
import io.enclavesuite.api.coordination.SetAutonomyLevel;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.TrustIdentity;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;

import java.util.List;
import java.util.Objects;

/** What a slash command asks for, once its text is parsed; nothing here has touched Kafka or the read side yet. */
public sealed interface Intent {

    /** {@code help}, or a usage mistake: the topic names the command whose help to show. */
    record Help(Topic topic, String problem) implements Intent {
        public Help {
            Objects.requireNonNull(topic, "topic");
        }

        static Help of(Topic topic) {
            return new Help(topic, null);
        }
    }

    /** The help pages: one per sub-command plus the two overviews. */
    enum Topic {
        ENCLAVE, PROVISION, INFO, MEMBERS, MODE, TRANSFER, DEPROVISION, TENTACLES, RUN, MEET, MEET_STATUS, WHY,
        MEMBERS_ADD, MEMBERS_REMOVE, FREEZE, UNFREEZE, REMOVE_TENTACLE,
        MEET_PROPOSE, MEET_WITHDRAW, MEET_POLICY,
        JOIN
    }

    /** Both may be null: the enclave's defaults apply. */
    record Provision(QuotaPreset quota, Mode mode) implements Intent {
    }

    record Info() implements Intent {
    }

    /** The sign-in prompt of this channel's enclave, again. */
    record Join() implements Intent {
    }

    record Members() implements Intent {
    }

    record Tentacles() implements Intent {
    }

    record SetMode(Mode mode) implements Intent {
        public SetMode {
            Objects.requireNonNull(mode, "mode");
        }
    }

    record Transfer(UserId newOwner) implements Intent {
        public Transfer {
            Objects.requireNonNull(newOwner, "newOwner");
        }
    }

    record Deprovision() implements Intent {
    }

    record Run(TentacleName tentacle) implements Intent {
        public Run {
            Objects.requireNonNull(tentacle, "tentacle");
        }
    }

    /** The owner adds a person as a member; the command service decides who may. */
    record AddMember(UserId member) implements Intent {
        public AddMember {
            Objects.requireNonNull(member, "member");
        }
    }

    /** The owner removes a member; their tentacles pass to the owner. */
    record RemoveMember(UserId member) implements Intent {
        public RemoveMember {
            Objects.requireNonNull(member, "member");
        }
    }

    /** The owner's own freeze, which only the owner lifts ({@link Unfreeze}). */
    record Freeze() implements Intent {
    }

    record Unfreeze() implements Intent {
    }

    /** Asks for a confirmation first: removing takes the workload away. */
    record RemoveTentacle(TentacleName tentacle) implements Intent {
        public RemoveTentacle {
            Objects.requireNonNull(tentacle, "tentacle");
        }
    }

    /** The caller is a participant too; {@code others} are the people they named. */
    record Meet(List<UserId> others, MeetingDuration duration, SearchRange range, Purpose purpose) implements Intent {
        public Meet {
            others = List.copyOf(others);
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    record MeetStatus() implements Intent {
    }

    /** A time the caller proposes for a room; the gateway seals it to the room's key before it goes anywhere. */
    record ProposeTime(CoordinationId room, TimeWindow slot) implements Intent {
        public ProposeTime {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(slot, "slot");
        }
    }

    /** Leaving a room calls it off for everyone: answered with a button to confirm, not sent at once. */
    record WithdrawFrom(CoordinationId room) implements Intent {
        public WithdrawFrom {
            Objects.requireNonNull(room, "room");
        }
    }

    /** {@code /meet policy} alone: the caller's own agent policy. */
    record PolicyShow() implements Intent {
    }

    /** A change to the caller's own agent policy: the command it is, with the caller as the policy's owner. */
    sealed interface PolicyChange extends Intent {
        Object command(UserId owner);

        /** What was asked, in words, for the answer. */
        String said();
    }

    record SetLevel(AutonomyLevel level) implements PolicyChange {
        public SetLevel {
            Objects.requireNonNull(level, "level");
        }

        public Object command(UserId owner) {
            return new SetAutonomyLevel(owner, level);
        }

        public String said() {
            return "your agent's autonomy level is " + level.label();
        }
    }

    /** {@code budget} null: none, the agent is not limited by a weekly budget. */
    record SetBudget(WeeklyBudget budget) implements PolicyChange {
        public Object command(UserId owner) {
            return new SetAutonomyBudget(owner, budget);
        }

        public String said() {
            return budget == null ? "your agent has no weekly budget" : "your agent's weekly budget is " + budget;
        }
    }

    /** Trusted for meeting syncs, the one intent there is. */
    record Trust(UserId person) implements PolicyChange {
        public Trust {
            Objects.requireNonNull(person, "person");
        }

        public Object command(UserId owner) {
            return new TrustIdentity(owner, new TrustedIdentity(person, List.of(CoordinationType.MEETING_SYNC)));
        }

        public String said() {
            return "<@" + person + ">'s meeting syncs are joined without asking you";
        }
    }

    /** No longer trusted for any intent. */
    record Untrust(UserId person) implements PolicyChange {
        public Untrust {
            Objects.requireNonNull(person, "person");
        }

        public Object command(UserId owner) {
            return new UntrustIdentity(owner, person, List.of());
        }

        public String said() {
            return "<@" + person + "> is no longer trusted";
        }
    }

    /** {@code perHour} null: back to the service's default. */
    record SetRateLimit(Integer perHour) implements PolicyChange {
        public Object command(UserId owner) {
            return new SetInboundRateLimit(owner, perHour);
        }

        public String said() {
            return perHour == null ? "invitations per sender and hour are limited as by default"
                    : "at most " + perHour + " invitations per sender an hour";
        }
    }

    record AddRule(AutonomyRule rule) implements PolicyChange {
        public AddRule {
            Objects.requireNonNull(rule, "rule");
        }

        public Object command(UserId owner) {
            return new AddAutonomyRule(owner, rule);
        }

        public String said() {
            return "rule " + rule.ruleId() + " (" + rule.kind().label() + ") added";
        }
    }

    record RemoveRule(String ruleId) implements PolicyChange {
        public RemoveRule {
            Objects.requireNonNull(ruleId, "ruleId");
        }

        public Object command(UserId owner) {
            return new RemoveAutonomyRule(owner, ruleId);
        }

        public String said() {
            return "rule " + ruleId + " removed";
        }
    }

    /** One item of an enclave's or room's history: its aggregate and the event's position in it. */
    record Why(String aggregate, long sequence) implements Intent {
        public Why {
            Objects.requireNonNull(aggregate, "aggregate");
        }
    }
}
