package io.enclavesuite.eventtopics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One parked event as an operator sees it.
 *
 * @param group    the processing group (read model) that parked it
 * @param sequence the aggregate whose later events wait behind it (an event without one is its own sequence)
 * @param index    its place among that aggregate's parked events (the first parked has the lowest)
 * @param eventId  the event's id; a refused record's is {@code unreadable:<topic>-<partition>@<offset>}
 * @param aggregateSequence the event's sequence number in its aggregate, when it has one
 * @param type     the event type; for a refused record, the type it named, quoted
 * @param reason   why it is parked: what failed, or that it waits behind an earlier event of its aggregate
 * @param parkedAt when it was parked
 * @param lastTried when it was last tried (parked or retried)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParkedEvent(String group, String sequence, long index, String eventId, Long aggregateSequence,
                          String type, String reason, Instant parkedAt, Instant lastTried) {
}
