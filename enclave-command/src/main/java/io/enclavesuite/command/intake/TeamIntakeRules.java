package io.enclavesuite.command.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.command.binding.ChannelBindings;
import io.enclavesuite.command.binding.ChannelScope;
import io.enclavesuite.command.enclave.lifecycle.EnclaveAlreadyExists;
import io.enclavesuite.write.intake.CommandIntake;
import io.enclavesuite.write.intake.IntakeRules;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The team-enclave commands: a ProvisionEnclave is completed (owner, derived name) before it becomes a command, and
 * every command is scoped to the channel it comes from.
 */
@Component("intakeRules")
class TeamIntakeRules implements IntakeRules {

    private final ChannelScope channelScope;
    private final ProvisionDefaults provisionDefaults;
    private final ChannelBindings bindings;

    TeamIntakeRules(ChannelScope channelScope, ProvisionDefaults provisionDefaults, ChannelBindings bindings) {
        this.channelScope = channelScope;
        this.provisionDefaults = provisionDefaults;
        this.bindings = bindings;
    }

    @Override
    public CommandCatalog catalog() {
        return CommandCatalog.TEAM;
    }

    @Override
    public Object command(CommandEnvelope envelope, Class<?> type) throws JsonProcessingException {
        if (type == ProvisionEnclave.class) {
            return EnclaveJson.mapper().treeToValue(provisionDefaults.complete(envelope), type);
        }
        return IntakeRules.super.command(envelope, type);
    }

    @Override
    public Optional<String> refusal(CommandEnvelope envelope, Object command, String target) {
        return channelScope.refusal(envelope, command, target);
    }

    /**
     * Another channel took the name derived for this one in the meantime (seen by the aggregate or the event store):
     * the retry derives a free name.
     */
    @Override
    public boolean retriable(RuntimeException failure, CommandEnvelope envelope, Object command, String target) {
        return command instanceof ProvisionEnclave provision && !envelope.payload().hasNonNull("enclaveId")
                && (CommandIntake.causedBy(failure, EnclaveAlreadyExists.class).isPresent()
                    || CommandIntake.causedBy(failure, ConcurrencyException.class).isPresent())
                && !bindings.boundTo(target, provision.channel().id().value());
    }

    /** The enclave records each override and lifts only the access rule, never a state check. */
    @Override
    public boolean takesOperatorOverrides() {
        return true;
    }

    @Override
    public String notFound(Object command, String target) {
        return "no enclave '" + target + "'";
    }
}
