package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * The enclave's internal name: set once at creation, never changed, and the suffix of its Kubernetes namespace
 * {@code enclave-<name>}. A DNS-1123 label short enough that the namespace name stays within 63 characters.
 */
public record EnclaveId(String value) {

    public static final String NAMESPACE_PREFIX = "enclave-";
    public static final int MAX_LENGTH = 63 - NAMESPACE_PREFIX.length();
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public EnclaveId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("enclave name is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "enclave name '" + value + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("enclave name '" + value
                    + "' must be lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    public static EnclaveId of(String value) {
        return new EnclaveId(value);
    }

    /** The Kubernetes namespace that backs this enclave. */
    public String namespace() {
        return NAMESPACE_PREFIX + value;
    }

    /** Axon uses toString() as the aggregate identifier in the event store. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
