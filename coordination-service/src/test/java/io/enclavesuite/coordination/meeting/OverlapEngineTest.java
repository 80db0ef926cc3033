package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.enclavesuite.api.coordination.Confidence.HIGH;
import static io.enclavesuite.api.coordination.Confidence.LOW;
import static io.enclavesuite.api.coordination.Confidence.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverlapEngineTest {

    private static final SearchRange WORKING_DAY = new SearchRange(at("08:00"), at("18:00"));
    private static final MeetingDuration HOUR = MeetingDuration.ofMinutes(60);
    private static final MeetingDuration HALF_HOUR = MeetingDuration.ofMinutes(30);

    private final OverlapEngine engine = new OverlapEngine();

    @Test
    void theCommonStretchOfThreePeopleIsFound() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "12:00")),
                "bob", List.of(high("10:00", "14:00")),
                "carol", List.of(high("08:00", "11:00"), high("15:00", "17:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(high("10:00", "11:00"));
        assertThat(overlap.candidates()).containsExactly(slot("10:00", "11:00", HIGH));
    }

    @Test
    void disjointWindowsGiveNoCommonTimeAndNoSlot() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00")),
                "bob", List.of(high("11:00", "12:00"))), HALF_HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).isEmpty();
        assertThat(overlap.hasCandidates()).isFalse();
    }

    @Test
    void windowsOfDifferentParticipantsThatOnlyTouchDoNotOverlap() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00")),
                "bob", List.of(high("10:00", "11:00"))), HALF_HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).isEmpty();
        assertThat(overlap.candidates()).isEmpty();
    }

    @Test
    void touchingWindowsOfOneParticipantMergeIntoOneStretch() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00"), high("10:00", "11:00")),
                "bob", List.of(high("09:30", "10:30"))), HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(high("09:30", "10:30"));
        assertThat(overlap.candidates()).containsExactly(slot("09:30", "10:30", HIGH));
    }

    @Test
    void overlappingWindowsOfOneParticipantMergeIntoOneStretch() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:15"), high("09:45", "11:00")),
                "bob", List.of(high("08:00", "12:00"))), MeetingDuration.ofMinutes(120), WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(high("09:00", "11:00"));
        assertThat(overlap.candidates()).containsExactly(slot("09:00", "11:00", HIGH));
    }

    @Test
    void orderOfSubmittedWindowsDoesNotMatter() {
        List<TimeWindow> alice = List.of(high("09:00", "10:00"), low("13:00", "15:00"), medium("10:00", "11:30"));
        List<TimeWindow> bob = List.of(high("08:30", "16:00"));
        List<TimeWindow> shuffled = new ArrayList<>(alice);
        Collections.reverse(shuffled);

        var sorted = engine.find(Map.of("alice", alice, "bob", bob), HALF_HOUR, WORKING_DAY);
        var unsorted = engine.find(Map.of("alice", shuffled, "bob", bob), HALF_HOUR, WORKING_DAY);

        assertThat(unsorted).isEqualTo(sorted);
        assertThat(sorted.commonOverlap()).containsExactly(
                high("09:00", "10:00"), medium("10:00", "11:30"), low("13:00", "15:00"));
    }

    @Test
    void duplicateWindowsChangeNothing() {
        var once = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00")),
                "bob", List.of(medium("09:00", "12:00"))), HALF_HOUR, WORKING_DAY);
        var twice = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00"), high("09:00", "10:00")),
                "bob", List.of(medium("09:00", "12:00"), medium("09:00", "12:00"))), HALF_HOUR, WORKING_DAY);

        assertThat(twice).isEqualTo(once);
        assertThat(once.candidates()).containsExactly(slot("09:00", "09:30", MEDIUM), slot("09:30", "10:00", MEDIUM));
    }

    @Test
    void participantWithNoWindowsLeavesNoCommonTime() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "17:00")),
                "bob", List.of(high("09:00", "17:00")),
                "carol", List.of()), HALF_HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).isEmpty();
        assertThat(overlap.candidates()).isEmpty();
    }

    @Test
    void windowsAreClippedToTheSearchRange() {
        var range = new SearchRange(at("09:00"), at("11:00"));

        var overlap = engine.find(Map.of(
                "alice", List.of(high("07:00", "12:00")),
                "bob", List.of(high("08:00", "13:00"))), HOUR, range);

        assertThat(overlap.commonOverlap()).containsExactly(high("09:00", "11:00"));
        assertThat(overlap.candidates()).containsExactly(slot("09:00", "10:00", HIGH), slot("10:00", "11:00", HIGH));
    }

    @Test
    void windowsOutsideTheSearchRangeAreIgnored() {
        var range = new SearchRange(at("12:00"), at("18:00"));

        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "12:00")),
                "bob", List.of(high("09:00", "12:00"))), HALF_HOUR, range);

        assertThat(overlap.commonOverlap()).isEmpty();
    }

    @Test
    void commonTimeShorterThanTheMeetingIsLeftOut() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "09:30"), high("10:00", "11:00")),
                "bob", List.of(high("08:00", "12:00"))), MeetingDuration.ofMinutes(45), WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(high("10:00", "11:00"));
        assertThat(overlap.candidates()).containsExactly(slot("10:00", "10:45", HIGH));
    }

    @Test
    void commonTimeExactlyAsLongAsTheMeetingGivesOneSlot() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00")),
                "bob", List.of(high("09:00", "10:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.candidates()).containsExactly(slot("09:00", "10:00", HIGH));
    }

    @Test
    void aSlotThatIsHighThroughoutRanksAboveAnEarlierLessSureOne() {
        var overlap = engine.find(Map.of(
                "alice", List.of(low("09:00", "10:00"), high("14:00", "15:00"), medium("16:00", "17:00")),
                "bob", List.of(high("08:00", "18:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.candidates()).containsExactly(
                slot("14:00", "15:00", HIGH), slot("16:00", "17:00", MEDIUM), slot("09:00", "10:00", LOW));
    }

    @Test
    void slotsOfEqualConfidenceRankByEarliestStart() {
        var overlap = engine.find(Map.of(
                "alice", List.of(medium("15:00", "16:00"), medium("09:00", "10:00"), medium("12:00", "13:00")),
                "bob", List.of(high("08:00", "18:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.candidates()).extracting(CandidateSlot::start)
                .containsExactly(at("09:00"), at("12:00"), at("15:00"));
    }

    @Test
    void theWeakestConfidenceOfAnyParticipantCountsForTheSlot() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "10:00")),
                "bob", List.of(medium("09:00", "10:00")),
                "carol", List.of(low("09:00", "10:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(low("09:00", "10:00"));
        assertThat(overlap.candidates()).containsExactly(slot("09:00", "10:00", LOW));
    }

    @Test
    void wherePartOfOneParticipantsWindowsOverlapTheStrongestStatementHolds() {
        var overlap = engine.find(Map.of(
                "alice", List.of(low("09:00", "12:00"), high("10:00", "11:00")),
                "bob", List.of(high("09:00", "12:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(
                low("09:00", "10:00"), high("10:00", "11:00"), low("11:00", "12:00"));
        assertThat(overlap.candidates()).containsExactly(
                slot("10:00", "11:00", HIGH), slot("09:00", "10:00", LOW), slot("11:00", "12:00", LOW));
    }

    @Test
    void aSlotAcrossAChangeOfConfidenceTakesTheWeakerOne() {
        var overlap = engine.find(Map.of(
                "alice", List.of(high("09:00", "09:20"), medium("09:20", "10:00")),
                "bob", List.of(high("09:00", "10:00"))), HALF_HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(high("09:00", "09:20"), medium("09:20", "10:00"));
        assertThat(overlap.candidates()).first().isEqualTo(slot("09:00", "09:30", MEDIUM));
    }

    @Test
    void lessSureSlotsAreDistinctFromTheBetterOnesChosenBeforeThem() {
        var overlap = engine.find(Map.of(
                "alice", List.of(medium("09:00", "12:00"), high("10:10", "10:40")),
                "bob", List.of(high("08:00", "18:00"))), HALF_HOUR, WORKING_DAY);

        assertThat(overlap.candidates()).containsExactly(
                slot("10:10", "10:40", HIGH),
                slot("09:00", "09:30", MEDIUM), slot("09:30", "10:00", MEDIUM),
                slot("11:00", "11:30", MEDIUM), slot("11:30", "12:00", MEDIUM));
    }

    @Test
    void candidatesStopAtTheLimit() {
        var overlap = new OverlapEngine(3).find(Map.of(
                "alice", List.of(high("08:00", "18:00")),
                "bob", List.of(high("08:00", "18:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.commonOverlap()).containsExactly(high("08:00", "18:00"));
        assertThat(overlap.candidates()).containsExactly(
                slot("08:00", "09:00", HIGH), slot("09:00", "10:00", HIGH), slot("10:00", "11:00", HIGH));
    }

    @Test
    void aSingleParticipantsOwnTimeIsTheCommonTime() {
        var overlap = engine.find(Map.of("alice", List.of(medium("09:00", "10:00"))), HOUR, WORKING_DAY);

        assertThat(overlap.candidates()).containsExactly(slot("09:00", "10:00", MEDIUM));
    }

    @Test
    void aMeetingNeedsParticipants() {
        assertThatThrownBy(() -> engine.find(Map.of(), HOUR, WORKING_DAY))
                .hasMessage("at least one participant is required");
    }

    @Test
    void missingWindowsAreRefusedRatherThanReadAsNeverFree() {
        Map<String, List<TimeWindow>> windows = new HashMap<>();
        windows.put("alice", List.of(high("09:00", "10:00")));
        windows.put("bob", null);

        assertThatThrownBy(() -> engine.find(windows, HOUR, WORKING_DAY))
                .hasMessage("windows of participant 'bob' are missing; send an empty list when they are never free");
    }

    @Test
    void participantsNeedAnId() {
        assertThatThrownBy(() -> engine.find(Map.of(" ", List.of()), HOUR, WORKING_DAY))
                .hasMessage("participant id is required");
    }

    @Test
    void anEngineMustBeAllowedAtLeastOneCandidate() {
        assertThatThrownBy(() -> new OverlapEngine(0))
                .hasMessage("at least one candidate slot must be asked for, not 0");
    }

    static Instant at(String time) {
        return Instant.parse("2026-11-23T" + time + ":00Z");
    }

    private static TimeWindow high(String from, String to) {
        return new TimeWindow(at(from), at(to), HIGH);
    }

    private static TimeWindow medium(String from, String to) {
        return new TimeWindow(at(from), at(to), MEDIUM);
    }

    private static TimeWindow low(String from, String to) {
        return new TimeWindow(at(from), at(to), LOW);
    }

    private static CandidateSlot slot(String from, String to, Confidence confidence) {
        return new CandidateSlot(at(from), at(to), confidence);
    }
}
