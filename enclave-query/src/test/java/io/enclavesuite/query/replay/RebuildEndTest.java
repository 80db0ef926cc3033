package io.enclavesuite.query.replay;

import io.enclavesuite.query.replay.Replays.SegmentPosition;
import io.enclavesuite.query.replay.Replays.Started;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When a rebuild counts as finished: the caught-up flag is necessary, never sufficient on its own. */
class RebuildEndTest {

    private static final TopicPartition P0 = new TopicPartition("enclave.events", 0);
    private static final TopicPartition P1 = new TopicPartition("enclave.events", 1);
    private static final TopicPartition EMPTY = new TopicPartition("coordination.events", 0);
    private static final Instant BEGAN = Instant.parse("2026-11-23T12:00:00Z");
    // offsets 0..9 in P0, 0..4 in P1, nothing in EMPTY
    private static final Started RANGE = new Started(BEGAN, Map.of(P0, 0L, P1, 0L, EMPTY, 0L),
            Map.of(P0, 10L, P1, 5L, EMPTY, 0L), null);

    private static SegmentPosition at(boolean caughtUp, long p0, long p1) {
        return new SegmentPosition(caughtUp, KafkaTrackingToken.newInstance(Map.of(P0, p0, P1, p1)));
    }

    @Test
    void everySegmentCaughtUpAtTheLastOffsetsIsFinishedAtOnce() {
        Instant now = BEGAN.plusSeconds(30);
        assertThat(Replays.finishedAt(List.of(at(true, 9, 4), at(true, 9, 4)), RANGE, now, now)).contains(now);
    }

    @Test
    void aSegmentCaughtUpShortOfTheEndWhileTokensMoveIsNotFinished() {
        Instant now = BEGAN.plusSeconds(30);
        // the fetcher had nothing buffered for a moment: caught up, but three records short, and moving
        assertThat(Replays.finishedAt(List.of(at(true, 9, 4), at(true, 6, 4)), RANGE, now.minusMillis(50), now))
                .isEmpty();
    }

    @Test
    void aSegmentNotCaughtUpIsNotFinishedEvenAtTheEnd() {
        Instant now = BEGAN.plusSeconds(30);
        assertThat(Replays.finishedAt(List.of(at(true, 9, 4), at(false, 9, 4)), RANGE, BEGAN, now)).isEmpty();
        assertThat(Replays.finishedAt(List.of(), RANGE, BEGAN, now)).isEmpty();
    }

    @Test
    void tokensLackingAPartitionFinishOnceTheyHaveStoodStillLongEnough() {
        // the Kafka extension's last token can lack a partition it read: the end is never shown
        SegmentPosition lacking = new SegmentPosition(true, KafkaTrackingToken.newInstance(Map.of(P0, 9L)));
        Instant still = BEGAN.plusSeconds(20);
        assertThat(Replays.finishedAt(List.of(lacking), RANGE, still,
                still.plus(Replays.QUIET).minus(Duration.ofMillis(1)))).isEmpty();
        assertThat(Replays.finishedAt(List.of(lacking), RANGE, still, still.plus(Replays.QUIET))).contains(still);
    }

    @Test
    void aPartitionWithNothingToReplayNeedsNoPosition() {
        Started withRetention = new Started(BEGAN, Map.of(P0, 10L, P1, 0L), Map.of(P0, 10L, P1, 5L), null);
        Instant now = BEGAN.plusSeconds(1);
        SegmentPosition onlyP1 = new SegmentPosition(true, KafkaTrackingToken.newInstance(Map.of(P1, 4L)));
        assertThat(Replays.finishedAt(List.of(onlyP1), withRetention, now, now)).contains(now);
    }
}
