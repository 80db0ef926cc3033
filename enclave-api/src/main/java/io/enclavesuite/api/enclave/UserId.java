package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;
import java.util.regex.Pattern;

/** A Slack user id ({@code U…} or, for Enterprise Grid, {@code W…}). */
public record UserId(String value) {

    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,30}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public UserId {
        if (value == null || !SLACK_USER.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a Slack user id (U… or W…, upper-case)");
        }
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    /** The actor as a Slack user, or empty when it is something else (a service principal). */
    public static Optional<UserId> ifUser(String actor) {
        return actor != null && SLACK_USER.matcher(actor).matches() ? Optional.of(new UserId(actor)) : Optional.empty();
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
