package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A participant's windows sealed by their agent to the room's public key (HPKE, see {@code RoomSeals} in the trust module)
 * — or, in rooms made before senders sealed their own, by the service under the room's data key. Opaque to
 * everything but the room's private key, and to everything once that key is destroyed.
 */
public record SealedWindows(String value) {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public SealedWindows {
        if (value == null || !BASE64URL.matcher(value).matches()) {
            throw new IllegalArgumentException("sealed windows must be base64url");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
