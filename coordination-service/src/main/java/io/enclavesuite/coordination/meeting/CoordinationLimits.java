package io.enclavesuite.coordination.meeting;

import java.time.Duration;

/**
 * Bounds of a room ({@code coordination.limits.*}): participants (at least three people, the initiator included,
 * as the source document says), the time limit every room has, how many windows one submission may carry, how many
 * rooms one person may start in an hour, and how long a participant whose spent budget made their agent draft has to
 * approve. A bound left out takes its default here.
 *
 * @param maxParticipants  people in one room, the initiator included
 * @param defaultTimeLimit a room's time limit when its creator states none
 * @param maxTimeLimit     the longest time limit a creator may state
 * @param maxWindows       windows in one submission
 * @param roomsPerHour     rooms one initiator may start within an hour
 * @param approvalWindow   how long a draft made because the weekly budget is spent waits for approval before the room
 *                         aborts (policy-refused, weekly-budget)
 */
public record CoordinationLimits(Integer maxParticipants, Duration defaultTimeLimit, Duration maxTimeLimit,
                                 Integer maxWindows, Integer roomsPerHour, Duration approvalWindow) {

    public static final int MIN_PARTICIPANTS = 3;
    public static final CoordinationLimits DEFAULTS = new CoordinationLimits(null, null, null, null, null, null);

    public CoordinationLimits {
        maxParticipants = maxParticipants == null ? 20 : maxParticipants;
        defaultTimeLimit = defaultTimeLimit == null ? Duration.ofHours(48) : defaultTimeLimit;
        maxTimeLimit = maxTimeLimit == null ? Duration.ofDays(14) : maxTimeLimit;
        maxWindows = maxWindows == null ? 100 : maxWindows;
        roomsPerHour = roomsPerHour == null ? 20 : roomsPerHour;
        approvalWindow = approvalWindow == null ? Duration.ofHours(24) : approvalWindow;
        if (maxParticipants < MIN_PARTICIPANTS || maxWindows < 1 || defaultTimeLimit.compareTo(maxTimeLimit) > 0
                || defaultTimeLimit.isNegative() || defaultTimeLimit.isZero()) {
            throw new IllegalArgumentException("coordination limits: at least " + MIN_PARTICIPANTS
                    + " participants, one window, and a positive default time limit within the maximum");
        }
        if (roomsPerHour < 1 || approvalWindow.isNegative() || approvalWindow.isZero()) {
            throw new IllegalArgumentException("coordination.limits.rooms-per-hour must be at least 1 and"
                    + " coordination.limits.approval-window positive");
        }
    }

    void checkParticipants(int people) {
        if (people < MIN_PARTICIPANTS) {
            throw new CoordinationRefused("a meeting sync needs at least " + MIN_PARTICIPANTS
                    + " people including the initiator, not " + people);
        }
        if (people > maxParticipants) {
            throw new CoordinationRefused("a meeting sync takes at most " + maxParticipants + " people, not " + people);
        }
    }

    /** The time limit a room gets: the one its creator asked for, or the default. */
    Duration timeLimit(Duration requested) {
        Duration timeLimit = requested == null ? defaultTimeLimit : requested;
        if (timeLimit.isNegative() || timeLimit.isZero() || timeLimit.compareTo(maxTimeLimit) > 0) {
            throw new CoordinationRefused("the time limit must be positive and at most " + maxTimeLimit
                    + ", not " + timeLimit);
        }
        return timeLimit;
    }

    void checkWindowCount(int windows) {
        if (windows > maxWindows) {
            throw new CoordinationRefused("at most " + maxWindows + " windows, not " + windows);
        }
    }
}
