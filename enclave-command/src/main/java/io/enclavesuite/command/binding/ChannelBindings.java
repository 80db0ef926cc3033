package io.enclavesuite.command.binding;

import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.command.enclave.lifecycle.EnclaveLimits;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which channel each enclave is bound to — a set-based rule no single aggregate can check. The handler runs in a
 * subscribing processor, inside the unit of work that appends the event: a channel already bound to another
 * enclave makes the append roll back. The intake reads the same table first to give the sender a clear reason.
 * Deprovisioning releases the channel; the enclave's name stays in the table, so it is never given out again.
 * The same table counts each owner's live enclaves against {@code enclave.limits.max-enclaves-per-owner}.
 */
@Component
@ProcessingGroup(ChannelBindings.PROCESSING_GROUP)
public class ChannelBindings {

    public static final String PROCESSING_GROUP = "channel-bindings";

    private final JdbcTemplate jdbc;
    private final int maxEnclavesPerOwner;
    private final Map<String, String> committedChannels = new ConcurrentHashMap<>();

    ChannelBindings(JdbcTemplate jdbc, EnclaveLimits limits) {
        this.jdbc = jdbc;
        this.maxEnclavesPerOwner = limits.maxEnclavesPerOwner();
    }

    /** The enclave the channel has now; a deprovisioned enclave has released its channel. */
    public Optional<String> enclaveOf(String channelId) {
        return jdbc.queryForList("select enclave from channel_binding where channel_id = ? and released_at is null",
                String.class, channelId).stream().findFirst();
    }

    /** True when no enclave, live or deprovisioned, has the name — names are never reused. */
    public boolean nameFree(String enclave) {
        return jdbc.queryForList("select 1 from channel_binding where enclave = ?", Integer.class, enclave).isEmpty();
    }

    /** The enclave of this channel that failed to provision under this name may be provisioned again. */
    public boolean boundTo(String enclave, String channelId) {
        return !jdbc.queryForList("select 1 from channel_binding where enclave = ? and channel_id = ? and released_at is null",
                Integer.class, enclave, channelId).isEmpty();
    }

    /**
     * The channel the enclave was bound to, released or not. The intake asks for every command from a channel, and a
     * binding's channel never changes (no statement re-points or deletes a row), so a committed one is kept: one entry
     * per enclave name ever bound. A read inside a transaction may see a binding that then rolls back, so it is not.
     */
    public Optional<String> channelOf(String enclave) {
        String known = committedChannels.get(enclave);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> channel = jdbc.queryForList("select channel_id from channel_binding where enclave = ?",
                String.class, enclave).stream().findFirst();
        if (channel.isPresent() && !TransactionSynchronizationManager.isActualTransactionActive()) {
            committedChannels.put(enclave, channel.get());
        }
        return channel;
    }

    @EventHandler
    void on(EnclaveDeprovisioned event) {
        jdbc.update("update channel_binding set released_at = ? where enclave = ? and released_at is null",
                Timestamp.from(event.at()), event.enclaveId().value());
    }

    /** A re-provisioning after a failure binds the same pair again, which changes nothing. */
    @EventHandler
    void on(EnclaveProvisioningStarted event) {
        String channel = event.channel().id().value();
        String enclave = event.enclaveId().value();
        requireBelowLimit(event.owner().value(), enclave);
        int inserted = jdbc.update("""
                        insert into channel_binding (channel_id, enclave, owner) values (?, ?, ?)
                        on conflict do nothing""",
                channel, enclave, event.owner().value());
        if (inserted == 0) {
            Optional<String> holder = enclaveOf(channel);
            if (holder.isPresent() && !holder.get().equals(enclave)) {
                throw new ChannelAlreadyBound(channel, holder.get());
            }
            if (holder.isEmpty()) {
                throw new ChannelScopeViolation("enclave '" + enclave + "' is bound to channel "
                        + channelOf(enclave).orElse("?") + ", not " + channel);
            }
            jdbc.update("update channel_binding set owner = ? where enclave = ?", event.owner().value(), enclave);
        }
    }

    @EventHandler
    void on(EnclaveOwnershipTransferred event) {
        requireBelowLimit(event.newOwner().value(), event.enclaveId().value());
        jdbc.update("update channel_binding set owner = ? where enclave = ?", event.newOwner().value(),
                event.enclaveId().value());
    }

    /** Counts the owner's live enclaves other than this one; throwing rolls the appending command back. */
    private void requireBelowLimit(String owner, String enclave) {
        Integer owned = jdbc.queryForObject("""
                        select count(*) from channel_binding
                        where owner = ? and released_at is null and enclave <> ?""",
                Integer.class, owner, enclave);
        if (owned != null && owned >= maxEnclavesPerOwner) {
            throw new OwnerLimitReached(owner, maxEnclavesPerOwner);
        }
    }
}
