package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** How a participant came to be where they are in a room, as people are shown it. */
public enum TrustLabel {
    DRAFTED, AWAITING_APPROVAL, AUTO_EXECUTED, RESOLVED;

    @JsonCreator
    public static TrustLabel parse(String text) {
        return Arrays.stream(values()).filter(v -> v.label().equals(text) || v.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(values())
                        .map(TrustLabel::label).toList()));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
