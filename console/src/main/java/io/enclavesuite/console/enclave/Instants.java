package io.enclavesuite.console.enclave;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Instants as people type them: an ISO-8601 instant ({@code 2026-11-23T10:00:00Z}), or what a {@code datetime-local}
 * field sends ({@code 2026-11-23T10:00} or with seconds), which the pages say is UTC. Anything else goes to the read
 * API as typed, so the person reads the API's own reason for refusing it.
 */
final class Instants {

    private Instants() {
    }

    /** The instant to ask the read API for, or null for a blank field. */
    static String normalized(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String text = typed.strip();
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException notLocal) {
                return text;
            }
        }
    }

    /** An instant as a {@code datetime-local} field's value in UTC, to the second (a field cannot hold more). */
    static String localValue(String instant) {
        try {
            return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                    .toString();
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
