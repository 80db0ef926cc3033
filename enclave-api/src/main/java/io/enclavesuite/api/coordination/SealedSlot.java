package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * One slot sealed to the room's public key (HPKE, see {@code RoomSeals} in the trust module): a participant's proposal or
 * counter-proposal as their agent sealed it, or a proposal as the room keeps it. Opaque to everything but the room's
 * private key, and to everything once that key is destroyed.
 */
public record SealedSlot(String value) {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public SealedSlot {
        if (value == null || !BASE64URL.matcher(value).matches()) {
            throw new IllegalArgumentException("a sealed slot must be base64url");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
