package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why the room exists, as its initiator states it: what every participant's policy and approval look at. */
public record Purpose(String text) {

    public static final int MAX_LENGTH = 500;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Purpose {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a purpose is required");
        }
        text = text.strip();
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("purpose is longer than " + MAX_LENGTH + " characters");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
