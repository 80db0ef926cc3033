package io.enclavesuite.query.replay;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Where one processor's rebuild stands: events handled since it started over, out of the events the topics held
 * when it did, and the rate so far. {@code state}: {@code replaying}, {@code done} (caught up with those events),
 * {@code failed} (a handler keeps failing; {@code error} says why) or {@code idle} (no rebuild since the start).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayProgress(String processor, String state, long eventsDone, long eventsTotal, double eventsPerSecond,
                             Instant startedAt, Instant finishedAt, String error) {
}
