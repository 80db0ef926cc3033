package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** Named resource-quota sizes; the amounts behind each name come from the command service's configuration. */
public enum QuotaPreset {
    SMALL, MEDIUM, LARGE;

    public static final QuotaPreset DEFAULT = MEDIUM;

    @JsonCreator
    public static QuotaPreset parse(String text) {
        return Arrays.stream(values())
                .filter(p -> p.name().equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not a quota preset: small, medium or large"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
