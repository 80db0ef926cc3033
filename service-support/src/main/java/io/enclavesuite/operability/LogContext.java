package io.enclavesuite.operability;

import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids a log line needs to be found again: Axon's {@code traceId} (the command that started it all — for a command
 * from the intake, the envelope's command id) and {@code correlationId} (the message that caused this one), and the
 * handled message's own id. Put into the MDC for exactly as long as a message is handled, then the previous values
 * come back, so a command sent and handled inside an event handler's thread leaves the handler's ids in place.
 */
public final class LogContext implements AutoCloseable {

    public static final String TRACE_ID = "traceId";
    public static final String CORRELATION_ID = "correlationId";
    public static final String MESSAGE_ID = "messageId";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext(Map<String, String> values) {
        values.forEach((key, value) -> {
            previous.put(key, MDC.get(key));
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }

    /** Opens a context with these ids (a null id is removed for the context's duration); close it to restore. */
    public static LogContext open(String traceId, String correlationId, String messageId) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TRACE_ID, traceId);
        values.put(CORRELATION_ID, correlationId);
        values.put(MESSAGE_ID, messageId);
        return new LogContext(values);
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
