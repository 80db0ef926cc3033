package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Base64;

/**
 * A room's public key: the raw 32-byte X25519 key, base64url without padding. Participants' agents seal their windows
 * to it (HPKE, docs/coordination.md); its private half never leaves coordination-service, wrapped, and is destroyed
 * when the room ends.
 */
public record RoomPublicKey(String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RoomPublicKey {
        byte[] raw;
        try {
            raw = value == null ? new byte[0] : Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a room public key is base64url");
        }
        if (raw.length != 32 || value.endsWith("=")) {
            throw new IllegalArgumentException("a room public key is a 32-byte X25519 key, base64url without padding");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
