package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** What a weekly autonomy budget counts: rooms joined on the agent's own, or hours of meetings. */
public enum BudgetUnit {
    MEETINGS, HOURS;

    @JsonCreator
    public static BudgetUnit parse(String text) {
        return Arrays.stream(values()).filter(v -> v.label().equals(text) || v.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(values())
                        .map(BudgetUnit::label).toList()));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
