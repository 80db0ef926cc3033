package io.enclavesuite.write.caller;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;

import java.util.Optional;

/**
 * Who is asking, as a command handler sees it: the actor the intake verified, the principal whose signature vouched
 * for it, and — when an operator principal stated one — the reason to override the aggregate's rules. Resolved from
 * the command's metadata ({@link CallerParameterResolverFactory}); a handler declares a {@code Caller} parameter.
 *
 * @param command        the command's type, as history names it
 * @param actor          a Slack user id or a service principal; null for a command no intake took (a saga's)
 * @param principal      the signer, for commands that came over Kafka
 * @param operatorReason break-glass: why an operator acts where the rules refuse them; null when none was stated
 */
public record Caller(String command, String actor, String principal, String operatorReason) {

    /** The caller of a command, from its metadata. */
    public static Caller of(Message<?> command) {
        MetaData metaData = command.getMetaData();
        return new Caller(command.getPayloadType().getSimpleName(), text(metaData, MetadataKeys.ACTOR), text(metaData, MetadataKeys.PRINCIPAL),
                text(metaData, MetadataKeys.OPERATOR_REASON));
    }


    /** The actor as a Slack user; a service principal is nobody's user and counts as "other". */
    public Optional<UserId> user() {
        return actor == null ? Optional.empty() : UserId.ifUser(actor);
    }

    /** Whether the caller stated a reason to override the rules (the intake let only an operator do so). */
    public boolean overriding() {
        return operatorReason != null && user().isPresent();
    }

    private static String text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
