package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * How sure a participant is that they are free in a window. Declared strongest first, so the declaration order
 * is the ranking order of meeting slots.
 */
public enum Confidence {
    HIGH, MEDIUM, LOW;

    /** What a window means when its sender states no confidence: "I am free then". */
    public static final Confidence DEFAULT = HIGH;

    public boolean isStrongerThan(Confidence other) {
        return ordinal() < other.ordinal();
    }

    /** The confidence a meeting can rely on when it needs both statements to hold. */
    public static Confidence weakest(Confidence a, Confidence b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    public static Confidence strongest(Confidence a, Confidence b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    @JsonCreator
    public static Confidence parse(String text) {
        return Arrays.stream(values())
                .filter(c -> c.name().equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not a confidence: high, medium or low"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
