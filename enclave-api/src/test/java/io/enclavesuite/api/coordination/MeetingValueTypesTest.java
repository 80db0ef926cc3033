package io.enclavesuite.api.coordination;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeetingValueTypesTest {

    private static final Instant NINE = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-11-23T11:00:00Z");

    @Test
    void windowWithoutConfidenceMeansHigh() {
        assertThat(new TimeWindow(NINE, TEN, null).confidence()).isEqualTo(Confidence.HIGH);
        assertThat(new TimeWindow(NINE, TEN).confidence()).isEqualTo(Confidence.HIGH);
    }

    @Test
    void windowMustStartBeforeItEnds() {
        assertThatThrownBy(() -> new TimeWindow(TEN, NINE, Confidence.LOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a window must start before it ends"); // never the times: reasons are stored
        assertThatThrownBy(() -> new TimeWindow(TEN, TEN)).hasMessageStartingWith("a window must start before it ends");
    }

    @Test
    void windowNeedsBothEnds() {
        assertThatThrownBy(() -> new TimeWindow(null, TEN)).hasMessage("a window needs a start");
        assertThatThrownBy(() -> new TimeWindow(NINE, null)).hasMessage("a window needs an end");
    }

    @Test
    void windowContainsOnlyWhatLiesWhollyInsideItWhateverTheConfidence() {
        var window = new TimeWindow(NINE, ELEVEN, Confidence.LOW);

        assertThat(window.contains(new TimeWindow(NINE, ELEVEN))).isTrue();
        assertThat(window.contains(new TimeWindow(TEN, ELEVEN, Confidence.MEDIUM))).isTrue();
        assertThat(window.contains(new TimeWindow(NINE.minusSeconds(1), TEN))).isFalse();
        assertThat(window.contains(new TimeWindow(TEN, ELEVEN.plusSeconds(1)))).isFalse();
        assertThat(window.length()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void searchRangeMustStartBeforeItEnds() {
        assertThatThrownBy(() -> new SearchRange(TEN, TEN))
                .hasMessage("search range start 2026-11-23T10:00:00Z must be before its end 2026-11-23T10:00:00Z");
        assertThatThrownBy(() -> new SearchRange(null, TEN)).hasMessage("search range start is required");
    }

    @Test
    void clippingKeepsThePartInsideTheRangeAndItsConfidence() {
        var range = new SearchRange(TEN, ELEVEN);

        assertThat(range.clip(new TimeWindow(NINE, ELEVEN.plusSeconds(60), Confidence.MEDIUM)))
                .contains(new TimeWindow(TEN, ELEVEN, Confidence.MEDIUM));
        assertThat(range.clip(new TimeWindow(NINE, TEN))).as("touching the range is not inside it").isEmpty();
    }

    @Test
    void meetingDurationIsWholeMinutesFromOneMinuteToOneDay() {
        assertThat(MeetingDuration.ofMinutes(1).length()).isEqualTo(Duration.ofMinutes(1));
        assertThat(MeetingDuration.ofMinutes(24 * 60).length()).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> MeetingDuration.ofMinutes(0)).hasMessage("meeting duration PT0S must be between PT1M and PT24H");
        assertThatThrownBy(() -> MeetingDuration.ofMinutes(-30)).hasMessageContaining("must be between");
        assertThatThrownBy(() -> MeetingDuration.ofMinutes(24 * 60 + 1)).hasMessageContaining("must be between");
        assertThatThrownBy(() -> new MeetingDuration(Duration.ofSeconds(90))).hasMessage("meeting duration PT1M30S must be whole minutes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30m", "PT", ""})
    void meetingDurationTextMustBeIso8601(String text) {
        assertThatThrownBy(() -> MeetingDuration.parse(text)).hasMessageContaining("is not an ISO-8601 duration");
    }

    @Test
    void confidenceRanksHighAboveMediumAboveLow() {
        assertThat(Confidence.HIGH.isStrongerThan(Confidence.MEDIUM)).isTrue();
        assertThat(Confidence.MEDIUM.isStrongerThan(Confidence.LOW)).isTrue();
        assertThat(Confidence.LOW.isStrongerThan(Confidence.LOW)).isFalse();
        assertThat(Confidence.weakest(Confidence.HIGH, Confidence.LOW)).isEqualTo(Confidence.LOW);
        assertThat(Confidence.weakest(Confidence.MEDIUM, Confidence.HIGH)).isEqualTo(Confidence.MEDIUM);
        assertThat(Confidence.strongest(Confidence.LOW, Confidence.MEDIUM)).isEqualTo(Confidence.MEDIUM);
    }

    @Test
    void unknownConfidenceIsNamed() {
        assertThatThrownBy(() -> Confidence.parse("certain")).hasMessage("'certain' is not a confidence: high, medium or low");
    }
}
