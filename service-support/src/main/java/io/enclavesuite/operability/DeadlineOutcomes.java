package io.enclavesuite.operability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Counts the deadlines that fire — saga retries, a room's time limit, a removed tentacle's grace period — as
 * {@value #METER} tagged with the deadline's name (a constant of its saga or aggregate) and whether its handler
 * succeeded; a failed one is retried by the deadline manager.
 */
public class DeadlineOutcomes implements MessageHandlerInterceptor<DeadlineMessage<?>> {

    public static final String METER = "enclave.deadlines";

    private final MeterRegistry registry;

    public DeadlineOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends DeadlineMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        String deadline = unitOfWork.getMessage().getDeadlineName();
        try {
            Object result = chain.proceed();
            counter(deadline, "handled").increment();
            return result;
        } catch (Exception | Error e) {
            counter(deadline, "failed").increment();
            throw e;
        }
    }

    private Counter counter(String deadline, String outcome) {
        return Counter.builder(METER)
                .description("deadlines fired, by name and whether their handler succeeded")
                .tag("deadline", deadline)
                .tag("outcome", outcome)
                .register(registry);
    }
}
