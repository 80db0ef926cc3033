package io.enclavesuite.operability;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ids a handler's log lines carry, on a command bus with the interceptor registered as the services do. */
class MessageLogContextTest {

    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final Map<String, String> seenByHandler = new HashMap<>();

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    private void handlerRecordsItsLogContext() {
        bus.registerHandlerInterceptor(new MessageLogContext<CommandMessage<?>>());
        bus.subscribe(String.class.getName(), command -> {
            seenByHandler.putAll(MDC.getCopyOfContextMap());
            return null;
        });
    }

    private void send(CommandMessage<?> command) throws Exception {
        FutureCallback<Object, Object> done = new FutureCallback<>();
        bus.dispatch(command, done);
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCommandThatStartsATraceIsItsOwnTraceAndCorrelation() throws Exception {
        handlerRecordsItsLogContext();
        CommandMessage<String> command = GenericCommandMessage.asCommandMessage("FreezeEnclave");

        send(command);

        assertThat(seenByHandler).containsEntry(LogContext.TRACE_ID, command.getIdentifier())
                .containsEntry(LogContext.CORRELATION_ID, command.getIdentifier())
                .containsEntry(LogContext.MESSAGE_ID, command.getIdentifier());
    }

    @Test
    void aCommandSentOnCarriesTheTraceAndTheCauseFromItsMetadata() throws Exception {
        handlerRecordsItsLogContext();
        CommandMessage<String> command = GenericCommandMessage.<String>asCommandMessage("CompleteProvisioning")
                .andMetaData(MetaData.with("traceId", "the-envelope").and("correlationId", "the-started-event"));

        send(command);

        assertThat(seenByHandler).containsEntry(LogContext.TRACE_ID, "the-envelope")
                .containsEntry(LogContext.CORRELATION_ID, "the-started-event")
                .containsEntry(LogContext.MESSAGE_ID, command.getIdentifier());
    }

    @Test
    void theCallersContextIsBackAfterTheHandler() throws Exception {
        handlerRecordsItsLogContext();
        MDC.put(LogContext.TRACE_ID, "outer-trace");

        send(GenericCommandMessage.asCommandMessage("RunTentacle"));

        assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("outer-trace");
        assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
        assertThat(MDC.get(LogContext.MESSAGE_ID)).isNull();
    }
}
