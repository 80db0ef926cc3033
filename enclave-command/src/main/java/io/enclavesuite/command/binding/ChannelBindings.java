package io.enclavesuite.command.binding;

import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which channel each enclave is bound to — a set-based rule no single aggregate can check. The handler runs in a
 * subscribing processor, inside the unit of work that appends the event: a channel already bound to another
 * enclave makes the append roll back. The intake reads the same table first to give the sender a clear reason.
 */
@Component
@ProcessingGroup(ChannelBindings.PROCESSING_GROUP)
public class ChannelBindings {

    public static final String PROCESSING_GROUP = "channel-bindings";

    private final JdbcTemplate jdbc;

    ChannelBindings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> enclaveOf(String channelId) {
        return jdbc.queryForList("select enclave from channel_binding where channel_id = ?", String.class, channelId)
                .stream().findFirst();
    }

    public Optional<String> channelOf(String enclave) {
        return jdbc.queryForList("select channel_id from channel_binding where enclave = ?", String.class, enclave)
                .stream().findFirst();
    }

    /** A re-provisioning after a failure binds the same pair again, which changes nothing. */
    @EventHandler
    void on(EnclaveProvisioningStarted event) {
        String channel = event.channel().id().value();
        String enclave = event.enclaveId().value();
        int inserted = jdbc.update("insert into channel_binding (channel_id, enclave) values (?, ?) on conflict do nothing",
                channel, enclave);
        if (inserted == 0) {
            Optional<String> holder = enclaveOf(channel);
            if (holder.isPresent() && !holder.get().equals(enclave)) {
                throw new ChannelAlreadyBound(channel, holder.get());
            }
            if (holder.isEmpty()) {
                throw new ChannelScopeViolation("enclave '" + enclave + "' is bound to channel "
                        + channelOf(enclave).orElse("?") + ", not " + channel);
            }
        }
    }
}
