package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A tentacle's name inside its enclave: a DNS label short enough that the Kubernetes objects named after it
 * ({@code <name>} for the Deployment or CronJob, {@code <name>-run-<n>} for a manual run's Job) stay valid.
 */
public record TentacleName(String value) {

    /** CronJob names are limited to 52 characters; a run's Job adds "-run-" and a number. */
    public static final int MAX_LENGTH = 40;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public TentacleName {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("tentacle name is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("tentacle name '" + value + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("tentacle name '" + value
                    + "' must be lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    public static TentacleName of(String value) {
        return new TentacleName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
