package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.CoordinationId;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where each room's data key lives — a key table, never an event. Destroying the key is what makes a room's windows
 * unreadable for good ("crypto-shredding"): the sealed copies in the event store stay, as ciphertext no one can open.
 */
public interface RoomKeys {

    /** Creates the room's key, or returns the existing one (a retried creation gets the same key). */
    SecretKey create(CoordinationId room);

    /** The room's key; empty once destroyed (or never made). */
    Optional<SecretKey> find(CoordinationId room);

    /** Destroys the room's key; destroying it again changes nothing. */
    void destroy(CoordinationId room);
}
