package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.enclave.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A room as its creator asks for it, checked against the limits: who takes part (the initiator first, each person
 * once) and when its time limit falls. There is no other way to get one, so a room that is created passed these.
 */
record NewRoom(UserId initiator, List<UserId> people, Duration timeLimit, Instant expiresAt) {

    static NewRoom check(CreateCoordination command, String actor, Instant now, CoordinationLimits limits) {
        UserId initiator = UserId.ifUser(actor).orElseThrow(() -> new CoordinationRefused(
                "a room is started by a person (a Slack user), not by '" + actor + "'"));
        LinkedHashSet<UserId> people = new LinkedHashSet<>();
        people.add(initiator);
        for (UserId participant : command.participants()) {
            if (!people.add(participant) && !participant.equals(initiator)) {
                throw new CoordinationRefused(participant + " is listed twice");
            }
        }
        limits.checkParticipants(people.size());
        Duration timeLimit = limits.timeLimit(command.timeLimit());
        if (!command.range().to().isAfter(now)) {
            throw new CoordinationRefused("the search range ended at " + command.range().to()
                    + ": nothing can be found in the past");
        }
        if (Duration.between(command.range().from(), command.range().to()).compareTo(command.duration().length()) < 0) {
            throw new CoordinationRefused("a " + command.duration() + " meeting does not fit in the search range");
        }
        return new NewRoom(initiator, List.copyOf(people), timeLimit, now.plus(timeLimit));
    }
}
