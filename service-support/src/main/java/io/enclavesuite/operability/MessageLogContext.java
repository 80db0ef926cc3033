package io.enclavesuite.operability;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Puts a message's trace and correlation ids into the log context while it is handled — on the command bus, on
 * every event processor (sagas included) and on the deadline manager — so every line logged by a handler, by what it
 * calls, and by Axon around it carries them. A message without them (a command straight from the intake) is the
 * start of its trace: Axon's {@code MessageOriginProvider} then gives everything that follows its own id as both,
 * and so does this.
 */
public class MessageLogContext<T extends Message<?>> implements MessageHandlerInterceptor<T> {

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        MetaData metaData = message.getMetaData();
        String id = message.getIdentifier();
        try (LogContext ignored = LogContext.open(text(metaData.get(LogContext.TRACE_ID), id),
                text(metaData.get(LogContext.CORRELATION_ID), id), id)) {
            return chain.proceed();
        }
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }
}
