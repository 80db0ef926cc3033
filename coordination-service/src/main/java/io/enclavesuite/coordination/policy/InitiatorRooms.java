package io.enclavesuite.coordination.policy;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.meeting.Initiators;
import org.axonframework.modelling.command.Repository;

import java.time.Instant;

/**
 * The rooms an initiator started live on their own agent policy: one aggregate per person, so two rooms started at
 * once by the same person are counted one after the other (its stream's sequence orders them), which a count over
 * the rooms themselves could not promise.
 */
public class InitiatorRooms implements Initiators {

    private final Repository<AgentPolicy> policies;

    public InitiatorRooms(Repository<AgentPolicy> policies) {
        this.policies = policies;
    }

    @Override
    public void roomStarted(UserId initiator, CoordinationId room, Instant now, int roomsPerHour) {
        try {
            policies.loadOrCreate(initiator.value(), AgentPolicy::new)
                    .execute(policy -> policy.roomStarted(initiator, room, now, roomsPerHour));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the agent policy of " + initiator + " could not be loaded", e);
        }
    }
}
