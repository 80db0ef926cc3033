package io.enclavesuite.api;

import java.time.Instant;

/**
 * What the intake writes to {@link Topics#COMMANDS_DLT} for a record it could not act on: the original record and
 * why — untouched, except that a window or slot time in clear is left out (dead letters outlive rooms). Nothing else
 * changes for such a record.
 */
public record DeadLetter(String reason, String sourceTopic, int partition, long offset, String key, String value,
                         Instant at) {
}
