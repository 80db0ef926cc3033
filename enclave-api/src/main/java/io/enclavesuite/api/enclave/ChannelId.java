package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A Slack conversation id (public {@code C…}, private {@code G…}); the enclave's identity is bound to it. */
public record ChannelId(String value) {

    private static final Pattern SLACK_CHANNEL = Pattern.compile("[CG][A-Z0-9]{2,30}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ChannelId {
        if (value == null || !SLACK_CHANNEL.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a Slack channel id (C… or G…, upper-case)");
        }
    }

    /** True for a channel's id; false for direct messages ({@code D…}) and anything else. */
    public static boolean isChannel(String value) {
        return value != null && SLACK_CHANNEL.matcher(value).matches();
    }

    public static ChannelId of(String value) {
        return new ChannelId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
