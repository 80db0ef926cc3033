package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.RoomPublicKey;

import java.util.Optional;

/**
 * Where each room's key lives — a key table, never an event, and wrapped by a key-encryption key that is not in the
 * database ({@link KeyWrapping}). Participants seal to the public half; destroying the private half is what makes
 * a room's windows unreadable for good ("crypto-shredding"): the sealed copies in the event store, on Kafka and in
 * backups stay, as ciphertext no one can open.
 */
public interface RoomKeys {

    /** Creates the room's key pair, or answers the existing one's public key (a retried creation gets the same key). */
    RoomPublicKey create(CoordinationId room);

    /** The room's key, unwrapped for the moment of use; empty once destroyed (or never made). */
    Optional<RoomKey> find(CoordinationId room);

    /** Destroys the room's key; destroying it again changes nothing. */
    void destroy(CoordinationId room);
}
