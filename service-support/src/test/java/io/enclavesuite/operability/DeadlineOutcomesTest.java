package io.enclavesuite.operability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deadlines counted by name and by whether their handler succeeded; a failure still reaches the deadline manager. */
class DeadlineOutcomesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeadlineOutcomes outcomes = new DeadlineOutcomes(registry);

    private void fire(String deadline, MessageHandler<DeadlineMessage<?>> handler) throws Exception {
        DeadlineMessage<?> message = GenericDeadlineMessage.asDeadlineMessage(deadline, "payload",
                java.time.Instant.parse("2026-11-23T10:00:00Z"));
        DefaultUnitOfWork<DeadlineMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            new DefaultInterceptorChain<>(unitOfWork, List.of(outcomes), handler).proceed();
        } finally {
            unitOfWork.rollback();
        }
    }

    private double count(String deadline, String outcome) {
        return registry.get(DeadlineOutcomes.METER).tag("deadline", deadline).tag("outcome", outcome).counter().count();
    }

    @Test
    void aHandledDeadlineIsCountedUnderItsName() throws Exception {
        fire("coordination-time-limit", message -> null);
        fire("coordination-time-limit", message -> null);

        assertThat(count("coordination-time-limit", "handled")).isEqualTo(2);
    }

    @Test
    void aFailingHandlerIsCountedAndStillFails() {
        assertThatThrownBy(() -> fire("provisioning-retry", message -> {
            throw new IllegalStateException("the API server refused");
        })).hasMessage("the API server refused");

        assertThat(count("provisioning-retry", "failed")).isEqualTo(1);
        assertThat(registry.find(DeadlineOutcomes.METER).tag("outcome", "handled").counter()).isNull();
    }
}
