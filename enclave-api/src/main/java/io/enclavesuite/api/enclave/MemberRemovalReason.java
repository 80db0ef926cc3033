package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why a member left an enclave, kept in its history. The two channel reasons are facts only Slack knows (the person
 * left the channel; Slack's member list no longer has them), so only the gateway's principal may state them.
 */
public enum MemberRemovalReason {
    /** Slack told the gateway the person left the channel. */
    LEFT_CHANNEL,
    /** The gateway's drift check found the person missing from the channel's member list (they left while it was down). */
    NOT_IN_CHANNEL,
    /** The enclave owner removed them. */
    REMOVED_BY_OWNER;

    @JsonCreator
    public static MemberRemovalReason parse(String text) {
        return Arrays.stream(values())
                .filter(r -> r.label().equalsIgnoreCase(text) || r.name().equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not a removal reason: left-channel, not-in-channel or removed-by-owner"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether Slack's channel, not a person, is the source of this removal. */
    public boolean fromTheChannel() {
        return this == LEFT_CHANNEL || this == NOT_IN_CHANNEL;
    }
}
