package io.enclavesuite.command.binding;

import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Channel scoping, decided at the intake before any aggregate sees the command: a request from one channel can never
 * touch another channel's enclave. Envelopes without a channel come from internal services, not from a channel.
 */
@Component
public class ChannelScope {

    private final ChannelBindings bindings;

    ChannelScope(ChannelBindings bindings) {
        this.bindings = bindings;
    }

    /** Empty when the command may proceed; otherwise the reason to reject it. */
    public Optional<String> refusal(CommandEnvelope envelope, Object command, String enclave) {
        String from = envelope.channelId();
        if (command instanceof ProvisionEnclave provision) {
            String channel = provision.channel().id().value();
            if (from != null && !from.equals(channel)) {
                return Optional.of("a channel provisions only its own enclave: the request came from " + from
                        + " but names channel " + channel);
            }
            return bindings.enclaveOf(channel).filter(holder -> !holder.equals(enclave))
                    .map(holder -> new ChannelAlreadyBound(channel, holder).getMessage());
        }
        if (from == null) {
            return Optional.empty();
        }
        return bindings.channelOf(enclave).filter(bound -> !bound.equals(from))
                .map(bound -> "enclave '" + enclave + "' belongs to channel " + bound
                        + "; a request from channel " + from + " cannot act on it");
    }
}
