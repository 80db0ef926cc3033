package io.enclavesuite.query.http;

import io.enclavesuite.api.enclave.UserId;

import java.util.Optional;

/**
 * Who is reading, from the {@code reader} query parameter. The API does not authenticate its callers yet: until
 * bearer JWTs arrive, the caller says who it reads for, and the views filter by that. This is what a trusted
 * front end (the Slack gateway, enclavectl) passes on, not a security boundary; the parameter goes away when the
 * token names the reader.
 */
public final class ReaderParameter {

    public static final String NAME = "reader";

    /** A reader that must be named: lists and tentacles are never shown unfiltered. */
    public static UserId required(String reader) {
        if (reader == null || reader.isBlank()) {
            throw Problems.badRequest("Reader required", "reader is required: the Slack user id (U… or W…) "
                    + "of the person reading, until the API authenticates its callers");
        }
        return parse(reader);
    }

    /** A reader that may be left out: then the caller sees what the API showed before readers existed. */
    public static Optional<UserId> optional(String reader) {
        return reader == null ? Optional.empty() : Optional.of(parse(reader));
    }

    private static UserId parse(String reader) {
        try {
            return UserId.of(reader);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("Malformed reader", "reader: " + e.getMessage());
        }
    }

    private ReaderParameter() {
    }
}
