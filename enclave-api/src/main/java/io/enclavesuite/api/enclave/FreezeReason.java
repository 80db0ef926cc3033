package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why an enclave is frozen, and so who may lift it: a freeze from archiving the channel ends only when the channel
 * is unarchived; the owner lifts only a freeze they asked for themselves.
 */
public enum FreezeReason {
    CHANNEL_ARCHIVED, OWNER_REQUEST;

    @JsonCreator
    public static FreezeReason parse(String text) {
        return Arrays.stream(values())
                .filter(r -> r.label().equalsIgnoreCase(text) || r.name().equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not a freeze reason: channel-archived or owner-request"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
