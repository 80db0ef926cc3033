package io.enclavesuite.api.coordination;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The Coordination feed's buckets, in the order shown; a room is in the first that fits. One rule for every place
 * that shows the feed (the Slack App Home, the console), so they never sort a room differently.
 */
public enum FeedBucket {
    NEEDS_ATTENTION("Needs attention"), NOW("Now (last hour)"), TODAY("Today (UTC)"), EARLIER("Earlier");

    private final String title;

    FeedBucket(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** A feed item's bucket: needing its reader, else by when the room last changed ({@code null}: long ago). */
    public static FeedBucket of(boolean needsAttention, Instant updatedAt, Instant now) {
        if (needsAttention) {
            return NEEDS_ATTENTION;
        }
        if (updatedAt == null) {
            return EARLIER;
        }
        if (!updatedAt.isBefore(now.minus(Duration.ofHours(1)))) {
            return NOW;
        }
        return updatedAt.atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate())
                ? TODAY : EARLIER;
    }
}
