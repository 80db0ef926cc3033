package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an agent policy decided about an invitation: join on its own ({@code AUTO_EXECUTED}), ask the person
 * ({@code ASKED}), join only once the person approves a draft ({@code DRAFTED}), or refuse — which aborts the room
 * ({@code REFUSED}).
 */
public enum PolicyOutcome {
    AUTO_EXECUTED, ASKED, DRAFTED, REFUSED;

    @JsonCreator
    public static PolicyOutcome parse(String text) {
        return Arrays.stream(values()).filter(v -> v.label().equals(text) || v.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(values())
                        .map(PolicyOutcome::label).toList()));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
