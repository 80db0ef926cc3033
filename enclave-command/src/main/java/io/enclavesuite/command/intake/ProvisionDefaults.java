package io.enclavesuite.command.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.command.binding.EnclaveNaming;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Completes a ProvisionEnclave taken off Kafka before it becomes a command:
 * <ul>
 *   <li>the owner is the verified caller: a Slack user provisions for themselves (naming someone else is refused);
 *       only a service principal names the owner;</li>
 *   <li>the enclave's name comes from the channel's name ({@link EnclaveNaming}) unless an internal tool names it.</li>
 * </ul>
 */
@Component
class ProvisionDefaults {

    private final EnclaveNaming naming;
    private final ObjectMapper json = EnclaveJson.mapper();

    ProvisionDefaults(EnclaveNaming naming) {
        this.naming = naming;
    }

    /**
     * @throws IllegalArgumentException with the reason, when the payload cannot be completed
     */
    ObjectNode complete(CommandEnvelope envelope) throws JsonProcessingException {
        ObjectNode payload = envelope.payload().deepCopy();
        Optional<UserId> caller = UserId.ifUser(envelope.actor());
        if (payload.hasNonNull("owner")) {
            UserId named = json.treeToValue(payload.get("owner"), UserId.class);
            if (caller.isPresent() && !caller.get().equals(named)) {
                throw new IllegalArgumentException("the owner is the person who provisions: " + caller.get()
                        + " asked, but the command names " + named + " as owner");
            }
        } else if (caller.isPresent()) {
            payload.put("owner", caller.get().value());
        } else {
            throw new IllegalArgumentException("owner is required when the caller ('" + envelope.actor()
                    + "') is not a Slack user");
        }
        if (payload.hasNonNull("enclaveId")) {
            EnclaveId requested = json.treeToValue(payload.get("enclaveId"), EnclaveId.class);
            naming.refusal(requested).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
            return payload;
        }
        if (!payload.hasNonNull("channel")) {
            throw new IllegalArgumentException("channel is required");
        }
        ChannelRef channel = json.treeToValue(payload.get("channel"), ChannelRef.class);
        payload.put("enclaveId", naming.nameFor(channel).value());
        return payload;
    }
}
