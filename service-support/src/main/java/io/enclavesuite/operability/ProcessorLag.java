package io.enclavesuite.operability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Clock;
import java.time.Duration;

/**
 * How far behind an event processor runs: for every event it handles, the time from the event's own timestamp (when
 * the write side stored it — the Kafka source hands over the original timestamp) to now, as the timer
 * {@value #METER} tagged with the processor. The timer's maximum covers a sliding window of a few minutes, so it
 * falls back once the processor has caught up or stands idle. During a rebuild (replay) it shows the age of the
 * replayed events, which is expected.
 * <p>
 * Axon's own {@code axon-micrometer} (its {@code EventProcessorLatencyMonitor}) is not published for Axon 4.13 (the
 * newest is 4.12.2), so the suite measures this itself.
 */
public class ProcessorLag implements MessageHandlerInterceptor<EventMessage<?>> {

    public static final String METER = "enclave.processor.lag";

    private final Timer lag;
    private final Clock clock;

    public ProcessorLag(MeterRegistry registry, String processor, Clock clock) {
        this.lag = Timer.builder(METER)
                .description("time from an event's timestamp until this processor handles it")
                .tag("processor", processor)
                .register(registry);
        this.clock = clock;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Duration behind = Duration.between(unitOfWork.getMessage().getTimestamp(), clock.instant());
        lag.record(behind.isNegative() ? Duration.ZERO : behind);
        return chain.proceed();
    }
}
