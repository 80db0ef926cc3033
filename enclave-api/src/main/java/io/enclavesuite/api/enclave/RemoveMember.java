package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * A member left the channel (or the owner removed them); their tentacles pass to the owner.
 *
 * @param reason why, for the history; null when the sender did not say. A channel reason makes this a
 *               {@link ChannelFact}: only the principal that speaks for Slack may state it.
 */
public record RemoveMember(@TargetAggregateIdentifier EnclaveId enclaveId, UserId member,
                           @JsonInclude(JsonInclude.Include.NON_NULL) MemberRemovalReason reason) implements ChannelFact {

    public RemoveMember {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(member, "member is required");
    }

    /** Without a reason, as sent before reasons were recorded. */
    public RemoveMember(EnclaveId enclaveId, UserId member) {
        this(enclaveId, member, null);
    }

    @Override
    public boolean statesAChannelFact() {
        return reason != null && reason.fromTheChannel();
    }
}
