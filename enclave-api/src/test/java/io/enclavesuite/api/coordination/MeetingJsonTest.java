package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.enclavesuite.api.EnclaveJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the wire shape of the meeting-sync value types through the suite's one mapper. */
class MeetingJsonTest {

    private final ObjectMapper json = EnclaveJson.mapper();

    @Test
    void timeWindowHasAStableShapeAndRoundTrips() throws Exception {
        var window = new TimeWindow(Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-23T10:30:00Z"),
                Confidence.MEDIUM);

        String text = json.writeValueAsString(window);

        assertThat(text).isEqualTo(
                "{\"start\":\"2026-11-23T09:00:00Z\",\"end\":\"2026-11-23T10:30:00Z\",\"confidence\":\"medium\"}");
        assertThat(json.readValue(text, TimeWindow.class)).isEqualTo(window);
    }

    @Test
    void timeWindowWithoutOrWithNullConfidenceReadsAsHigh() throws Exception {
        var omitted = json.readValue("{\"start\":\"2026-11-23T09:00:00Z\",\"end\":\"2026-11-23T10:00:00Z\"}",
                TimeWindow.class);
        var nulled = json.readValue("{\"start\":\"2026-11-23T09:00:00Z\",\"end\":\"2026-11-23T10:00:00Z\","
                + "\"confidence\":null}", TimeWindow.class);

        assertThat(omitted.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(nulled.confidence()).isEqualTo(Confidence.HIGH);
    }

    @Test
    void confidenceIsReadCaseInsensitively() throws Exception {
        var window = json.readValue("{\"start\":\"2026-11-23T09:00:00Z\",\"end\":\"2026-11-23T10:00:00Z\","
                + "\"confidence\":\"LOW\"}", TimeWindow.class);

        assertThat(window.confidence()).isEqualTo(Confidence.LOW);
    }

    @Test
    void backwardsWindowFailsWithTheValueTypesMessage() {
        assertThatThrownBy(() -> json.readValue("{\"start\":\"2026-11-23T10:00:00Z\","
                + "\"end\":\"2026-11-23T09:00:00Z\"}", TimeWindow.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasRootCauseMessage("a window must start before it ends")
                .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("2026"));
    }

    @Test
    void unknownConfidenceFailsWithItsMessage() {
        assertThatThrownBy(() -> json.readValue("{\"start\":\"2026-11-23T09:00:00Z\","
                + "\"end\":\"2026-11-23T10:00:00Z\",\"confidence\":\"sure\"}", TimeWindow.class))
                .hasRootCauseMessage("'sure' is not a confidence: high, medium or low");
    }

    @Test
    void searchRangeHasAStableShapeAndRoundTrips() throws Exception {
        var range = new SearchRange(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z"));

        String text = json.writeValueAsString(range);

        assertThat(text).isEqualTo("{\"from\":\"2026-11-23T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\"}");
        assertThat(json.readValue(text, SearchRange.class)).isEqualTo(range);
    }

    @Test
    void meetingDurationIsWrittenAsIso8601AndRoundTrips() throws Exception {
        var duration = MeetingDuration.ofMinutes(90);

        String text = json.writeValueAsString(duration);

        assertThat(text).isEqualTo("\"PT1H30M\"");
        assertThat(json.readValue(text, MeetingDuration.class)).isEqualTo(duration);
    }

    @Test
    void invalidMeetingDurationFailsWithItsMessage() {
        assertThatThrownBy(() -> json.readValue("\"PT30S\"", MeetingDuration.class))
                .hasRootCauseMessage("meeting duration PT30S must be between PT1M and PT24H");
    }
}
