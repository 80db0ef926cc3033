package io.enclavesuite.slack.notify;

import com.slack.api.model.block.LayoutBlock;

import java.util.List;
import java.util.Objects;

/**
 * One message for Slack: to a channel (its id) or to a person (their user id: Slack opens the direct message).
 * {@code text} is the notification and screen-reader text; {@code blocks}, when present, is what people see.
 */
public record Notice(String to, String text, List<LayoutBlock> blocks) {

    public Notice {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }

    public static Notice text(String to, String text) {
        return new Notice(to, text, List.of());
    }
}
