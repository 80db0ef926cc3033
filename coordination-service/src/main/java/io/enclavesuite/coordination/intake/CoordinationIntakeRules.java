package io.enclavesuite.coordination.intake;

import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.write.intake.IntakeRules;
import org.springframework.stereotype.Component;

/**
 * The coordination commands. Who may do what in a room is the room's own decision (participants, state), made from
 * the verified actor, so nothing is refused here before the aggregate.
 */
@Component("intakeRules")
class CoordinationIntakeRules implements IntakeRules {

    @Override
    public CommandCatalog catalog() {
        return CommandCatalog.COORDINATION;
    }

    @Override
    public String notFound(Object command, String target) {
        if (command instanceof AddAutonomyRule || command instanceof RemoveAutonomyRule) {
            return target + " has no agent policy yet";
        }
        return "no coordination room '" + target + "'";
    }
}
