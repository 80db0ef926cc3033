package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** Why a tentacle changed hands: an explicit chown, or its owner left the enclave and it passed to the enclave owner. */
public enum OwnershipTransferReason {
    CHOWN, MEMBER_LEFT;

    @JsonCreator
    public static OwnershipTransferReason parse(String text) {
        return Arrays.stream(values()).filter(r -> r.label().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a transfer reason: chown or member-left"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
