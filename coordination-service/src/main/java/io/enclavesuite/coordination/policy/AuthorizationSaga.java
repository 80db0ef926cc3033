package io.enclavesuite.coordination.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AuthorizeParticipation;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.EvaluateInvitation;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.operability.SagaSteps.Outcome;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorizes a new room's participants before anything is shared: the initiator by starting it, everyone else by
 * their own agent policy (a person who never set one is evaluated with the defaults) — it auto-executes, asks,
 * drafts, or refuses, and a refusal aborts the room. Each decision is sent back to the room, which records it; the
 * room opens when everyone is in.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@Saga
@ProcessingGroup(AuthorizationSaga.PROCESSING_GROUP)
public class AuthorizationSaga {

    public static final String PROCESSING_GROUP = "authorization";

    static final String ASSOCIATION = "coordinationId";
    static final String INITIATOR_RULE = "initiator";
    /** The saga and its step as {@link SagaSteps} counts them. */
    static final String METRIC_NAME = "authorization";
    static final String EVALUATE_STEP = "evaluate-policy";
    private static final String CORRELATION_ID = "correlationId";
    private static final String TRACE_ID = "traceId";
    private static final Logger log = LoggerFactory.getLogger(AuthorizationSaga.class);
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(CoordinationCreated event, EventMessage<?> message, CommandGateway commands, EnclaveDirectory enclaves,
            SagaSteps steps) {
        CoordinationId room = event.coordinationId();
        MetaData fromCreation = origin(message);
        for (UserId participant : event.participants()) {
            if (participant.equals(event.initiator())) {
                commands.send(new AuthorizeParticipation(room, participant, PolicyDecision.autoExecuted(INITIATOR_RULE)),
                        VIA_SAGA);
                continue;
            }
            EvaluateInvitation invitation = new EvaluateInvitation(participant, room, event.initiator(),
                    event.purpose(), enclaves.shareAnEnclave(event.initiator(), participant), event.type(),
                    event.duration());
            // Not waited for inside the handler: the answer arrives through the callback and is sent on from there —
            // outside the handler's unit of work, so the origin is carried by hand and "Why?" still leads back.
            commands.send(invitation, (CommandMessage<? extends EvaluateInvitation> sent,
                                       CommandResultMessage<?> result) ->
                    commands.send(new AuthorizeParticipation(room, participant, decision(participant, result, steps)),
                            fromCreation));
        }
    }

    /**
     * What Axon's correlation providers would have attached inside the handler: who and where from the creation, the
     * creation event as the immediate cause ({@code correlationId}), the trace of the command that started it all
     * ({@code traceId}), and that a saga sent it.
     */
    private static MetaData origin(EventMessage<?> message) {
        Map<String, Object> origin = new HashMap<>();
        for (String key : List.of(MetadataKeys.ACTOR, MetadataKeys.CHANNEL_ID)) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                origin.put(key, value);
            }
        }
        origin.put(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);
        origin.put(CORRELATION_ID, message.getIdentifier());
        origin.put(TRACE_ID, message.getMetaData().getOrDefault(TRACE_ID, message.getIdentifier()));
        return MetaData.from(origin);
    }

    private static PolicyDecision decision(UserId participant, CommandResultMessage<?> result, SagaSteps steps) {
        if (!result.isExceptional()) {
            steps.record(METRIC_NAME, EVALUATE_STEP, Outcome.SUCCEEDED);
            return (PolicyDecision) result.getPayload();
        }
        if (result.exceptionResult() instanceof AggregateNotFoundException) {
            steps.record(METRIC_NAME, EVALUATE_STEP, Outcome.SUCCEEDED);
            return PolicyDecision.askParticipant("no agent policy: every invitation is asked");
        }
        steps.record(METRIC_NAME, EVALUATE_STEP, Outcome.FAILED);
        log.warn("evaluating the policy of {} failed: {}; asking them", participant, result.exceptionResult().getMessage());
        return PolicyDecision.askParticipant("the agent policy could not be evaluated");
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(CoordinationOpened event) {
        // everyone is authorized
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(CoordinationAborted event) {
        // someone declined or withdrew, or a policy check failed
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(CoordinationExpired event) {
        // the time limit passed while approvals were still missing
    }
}
