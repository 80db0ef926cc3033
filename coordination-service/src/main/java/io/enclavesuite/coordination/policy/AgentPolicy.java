package io.enclavesuite.coordination.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.AutonomyRuleRemoved;
import io.enclavesuite.api.coordination.EvaluateInvitation;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.meeting.CoordinationRefused;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A person's agent policy: the rules under which their agent joins a meeting sync without asking them. Only the
 * person changes it. Evaluating an invitation decides and records nothing here — the room records the decision,
 * with the rule that made it, where "Why?" finds it.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@Aggregate
public class AgentPolicy {

    public static final int MAX_RULES = 50;

    @AggregateIdentifier
    private UserId owner;
    private Map<String, AutonomyRule> rules = new LinkedHashMap<>();

    protected AgentPolicy() {
        // for Axon: state is rebuilt from events
    }

    /** The first rule creates the policy. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AddAutonomyRule command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        requireOwner(command.owner(), actor);
        AutonomyRule rule = command.rule();
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

    /** The first matching rule, in the order they were added, auto-executes; without one, the person is asked. */
    @CommandHandler
    PolicyDecision handle(EvaluateInvitation command) {
        return rules.values().stream()
                .filter(rule -> rule.matches(command.initiator(), command.purpose(), command.initiatorSharesAnEnclave()))
                .findFirst()
                .map(rule -> PolicyDecision.autoExecuted(rule.ruleId()))
                .orElseGet(() -> PolicyDecision.askParticipant(rules.isEmpty()
                        ? "no autonomy rules: every invitation is asked"
                        : "none of " + rules.size() + " autonomy rules matched"));
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

    private static void requireOwner(UserId policyOwner, String actor) {
        if (!UserId.ifUser(actor).filter(policyOwner::equals).isPresent()) {
            throw new CoordinationRefused("only " + policyOwner + " changes their own agent policy");
        }
    }
}
