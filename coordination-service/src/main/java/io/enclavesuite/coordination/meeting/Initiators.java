package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;

import java.time.Instant;

/**
 * Counts the rooms each initiator starts against their limit per hour; refuses (a {@link CoordinationRefused}) one
 * over it. Called in the creating command's unit of work, so a refused room counts nothing and a counted one exists.
 */
public interface Initiators {

    void roomStarted(UserId initiator, CoordinationId room, Instant now, int roomsPerHour);
}
