package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * How far a person's agent acts on its own when invited to a room (labels none, draft-only, auto-respond, full):
 * {@code NONE} refuses every invitation, {@code DRAFT_ONLY} drafts the participation for the person to approve,
 * {@code AUTO_RESPOND} lets the autonomy rules decide and asks otherwise, {@code FULL} joins every room. Trusted
 * identities auto-execute at every level but none.
 */
public enum AutonomyLevel {
    NONE, DRAFT_ONLY, AUTO_RESPOND, FULL;

    /** What a policy that never set a level acts at: the rules decide, as before levels existed. */
    public static final AutonomyLevel DEFAULT = AUTO_RESPOND;

    @JsonCreator
    public static AutonomyLevel parse(String text) {
        return Arrays.stream(values()).filter(v -> v.label().equals(text) || v.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(values())
                        .map(AutonomyLevel::label).toList()));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
