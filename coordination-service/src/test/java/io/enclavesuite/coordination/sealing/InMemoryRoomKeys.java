package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.CoordinationId;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Room keys held in memory, for tests of the aggregate and the sealer; the service keeps them in a key table. */
public final class InMemoryRoomKeys implements RoomKeys {

    private final Map<CoordinationId, SecretKey> keys = new ConcurrentHashMap<>();

    @Override
    public SecretKey create(CoordinationId room) {
        return keys.computeIfAbsent(room, r -> {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256);
                return generator.generateKey();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("AES is part of every Java runtime", e);
            }
        });
    }

    @Override
    public Optional<SecretKey> find(CoordinationId room) {
        return Optional.ofNullable(keys.get(room));
    }

    @Override
    public void destroy(CoordinationId room) {
        keys.remove(room);
    }
}
