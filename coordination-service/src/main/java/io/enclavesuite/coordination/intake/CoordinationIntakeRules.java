package io.enclavesuite.coordination.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.write.intake.IntakeRules;
import org.springframework.stereotype.Component;

/**
 * The coordination commands. Who may do what in a room is the room's own decision (participants, state), made from
 * the verified actor, so nothing is refused here before the aggregate. A {@code CreateCoordination} that names no
 * room gets {@code room-<its command id>}: a resend of the same command names the same room, and the result says
 * which (as the Slack gateway derives one from Slack's signature).
 */
@Component("intakeRules")
class CoordinationIntakeRules implements IntakeRules {

    @Override
    public CommandCatalog catalog() {
        return CommandCatalog.COORDINATION;
    }

    @Override
    public Object command(CommandEnvelope envelope, Class<?> type) throws JsonProcessingException {
        if (type == CreateCoordination.class && !envelope.payload().hasNonNull("coordinationId")) {
            ObjectNode named = envelope.payload().deepCopy();
            named.put("coordinationId", "room-" + envelope.commandId());
            return EnclaveJson.mapper().treeToValue(named, type);
        }
        return IntakeRules.super.command(envelope, type);
    }

    @Override
    public String notFound(Object command, String target) {
        if (command instanceof RemoveAutonomyRule || command instanceof UntrustIdentity) {
            return target + " has no agent policy yet";
        }
        return "no coordination room '" + target + "'";
    }
}
