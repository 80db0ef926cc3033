package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.CoordinationId;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Room keys in the {@code room_key} table, written in the transaction of the command that needs them. Destroying
 * overwrites the key with NULL and keeps the row: a shredded room can never get a new key, so nothing sealed for it
 * can be opened again. (PostgreSQL keeps old row versions until vacuum; operations should run VACUUM on this table
 * after shredding, see docs/coordination.md.)
 */
public class JdbcRoomKeys implements RoomKeys {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcRoomKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public SecretKey create(CoordinationId room) {
        jdbc.update("insert into room_key (room_id, key_material, created_at) values (?, ?, ?) on conflict do nothing",
                room.value(), newKey(), Timestamp.from(clock.instant()));
        return find(room).orElseThrow(() -> new WindowSealer.WindowsShredded(room));
    }

    @Override
    public Optional<SecretKey> find(CoordinationId room) {
        List<byte[]> keys = jdbc.query("select key_material from room_key where room_id = ? and key_material is not null",
                (rs, row) -> rs.getBytes(1), room.value());
        return keys.stream().findFirst().map(bytes -> new SecretKeySpec(bytes, "AES"));
    }

    @Override
    public void destroy(CoordinationId room) {
        jdbc.update("update room_key set key_material = null, destroyed_at = ? where room_id = ? and key_material is not null",
                Timestamp.from(clock.instant()), room.value());
    }

    private static byte[] newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey().getEncoded();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("AES is part of every Java runtime", e);
        }
    }
}
