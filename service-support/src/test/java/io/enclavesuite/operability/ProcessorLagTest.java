package io.enclavesuite.operability;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The lag of a processor: the age of each event it handles, by its own timestamp. */
class ProcessorLagTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProcessorLag lag = new ProcessorLag(registry, "enclaves", Clock.fixed(NOW, ZoneOffset.UTC));

    private void handle(Instant stored) throws Exception {
        EventMessage<String> event = new GenericEventMessage<>(
                GenericEventMessage.<String>asEventMessage("EnclaveActivated"), () -> stored);
        DefaultUnitOfWork<EventMessage<String>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(lag), message -> null)
                .proceed());
    }

    @Test
    void eachHandledEventRecordsHowOldItIs() throws Exception {
        handle(NOW.minusSeconds(3));
        handle(NOW.minusMillis(250));

        Timer timer = registry.get(ProcessorLag.METER).tag("processor", "enclaves").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(3000);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3250);
    }

    @Test
    void anEventStampedAheadOfThisClockIsNoLag() throws Exception {
        handle(NOW.plusSeconds(1));

        assertThat(registry.get(ProcessorLag.METER).timer().max(TimeUnit.MILLISECONDS)).isZero();
    }
}
