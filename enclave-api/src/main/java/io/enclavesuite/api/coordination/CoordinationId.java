package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;
import java.util.regex.Pattern;

/** A coordination room's id: {@code room-} and a UUID, chosen by whoever creates it (so a retry names the same room). */
public record CoordinationId(String value) {

    private static final Pattern FORMAT = Pattern.compile("room-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CoordinationId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a room id (room-<uuid>, lower-case)");
        }
    }

    public static CoordinationId of(String value) {
        return new CoordinationId(value);
    }

    public static CoordinationId random() {
        return new CoordinationId("room-" + UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
