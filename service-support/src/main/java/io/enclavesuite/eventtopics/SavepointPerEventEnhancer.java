package io.enclavesuite.eventtopics;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each event handler of a {@link SavepointPerEvent} class in a nested transaction — a savepoint in the event
 * processor's own transaction — so that the handler's failed statement is undone alone and Axon's dead-lettering
 * invoker, which catches the failure around the handler, can still write the parked event in that transaction.
 */
public class SavepointPerEventEnhancer implements HandlerEnhancerDefinition {

    private final TransactionTemplate savepoint;

    public SavepointPerEventEnhancer(PlatformTransactionManager transactions) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)
                || !original.declaringClass().isAnnotationPresent(SavepointPerEvent.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                try {
                    return savepoint.execute(status -> {
                        try {
                            return original.handle(message, target);
                        } catch (Exception e) {
                            throw new HandlerFailed(e);
                        }
                    });
                } catch (HandlerFailed e) {
                    throw e.failure;
                }
            }
        };
    }

    /** Carries a checked failure through the template, which rolls back to the savepoint on it, to be thrown as is. */
    private static final class HandlerFailed extends RuntimeException {
        private final Exception failure;

        HandlerFailed(Exception failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
