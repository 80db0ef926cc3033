-- "Why?" gathers a chain by Axon's traceId (the message that started it), not by correlationId (the immediate cause).
CREATE INDEX event_history_by_trace ON event_history (trace_id);
