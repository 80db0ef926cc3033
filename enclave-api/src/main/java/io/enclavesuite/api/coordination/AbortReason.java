package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** Why a room ended without a slot before its time limit: a participant declined or withdrew, or a policy check failed. */
public enum AbortReason {
    DECLINED, WITHDRAWN,
    /** a participant's agent policy refused the room; the abort's detail names the rule */
    POLICY_REFUSED;

    @JsonCreator
    public static AbortReason parse(String text) {
        return Arrays.stream(values()).filter(v -> v.label().equals(text) || v.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(values())
                        .map(AbortReason::label).toList()));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
