package io.enclavesuite.coordination.meeting;

import java.time.Duration;

/**
 * Bounds of a room: participants (at least three people, the initiator included, as the source document says),
 * the time limit every room has, and how many windows one submission may carry.
 */
public record CoordinationLimits(Integer maxParticipants, Duration defaultTimeLimit, Duration maxTimeLimit,
                                 Integer maxWindows) {

    public static final int MIN_PARTICIPANTS = 3;
    public static final CoordinationLimits DEFAULTS = new CoordinationLimits(null, null, null, null);

    public CoordinationLimits {
        maxParticipants = maxParticipants == null ? 50 : maxParticipants;
        defaultTimeLimit = defaultTimeLimit == null ? Duration.ofHours(48) : defaultTimeLimit;
        maxTimeLimit = maxTimeLimit == null ? Duration.ofDays(14) : maxTimeLimit;
        maxWindows = maxWindows == null ? 100 : maxWindows;
        if (maxParticipants < MIN_PARTICIPANTS || maxWindows < 1 || defaultTimeLimit.compareTo(maxTimeLimit) > 0
                || defaultTimeLimit.isNegative() || defaultTimeLimit.isZero()) {
            throw new IllegalArgumentException("coordination limits: at least " + MIN_PARTICIPANTS
                    + " participants, one window, and a positive default time limit within the maximum");
        }
    }
}
