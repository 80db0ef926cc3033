package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.trust.RoomSeals;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.spec.SecretKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Room keys in the {@code room_key} table, written in the transaction of the command that needs them: the public key
 * in clear, the private key only wrapped by the KEK ({@link KeyWrapping}). Destroying clears the key and keeps the
 * row: a shredded room can never get a new key, so nothing sealed for it can be opened again. (PostgreSQL keeps old
 * row versions until vacuum: {@code RoomKeyVacuum} vacuums the table, see docs/coordination.md.)
 */
public class JdbcRoomKeys implements RoomKeys {

    private final JdbcTemplate jdbc;
    private final KeyWrapping wrapping;
    private final Clock clock;

    public JdbcRoomKeys(JdbcTemplate jdbc, KeyWrapping wrapping, Clock clock) {
        this.jdbc = jdbc;
        this.wrapping = wrapping;
        this.clock = clock;
    }

    @Override
    public RoomPublicKey create(CoordinationId room) {
        RoomSeals.RoomKeyPair pair = RoomSeals.generate();
        KeyWrapping.WrappedKey wrapped = wrapping.wrap(room.value(), pair.privateKey());
        jdbc.update("insert into room_key (room_id, public_key, wrapped_key, kek_id, created_at) values (?, ?, ?, ?, ?)"
                        + " on conflict do nothing",
                room.value(), pair.publicKey(), wrapped.bytes(), wrapped.kekId(), Timestamp.from(clock.instant()));
        List<String> existing = jdbc.query("select public_key from room_key where room_id = ? and destroyed_at is null"
                + " and public_key is not null", (rs, row) -> rs.getString(1), room.value());
        return existing.stream().findFirst().map(RoomPublicKey::new)
                .orElseThrow(() -> new WindowOpener.WindowsShredded(room));
    }

    @Override
    public Optional<RoomKey> find(CoordinationId room) {
        return jdbc.query("select public_key, wrapped_key, kek_id, key_material from room_key"
                        + " where room_id = ? and destroyed_at is null",
                (rs, row) -> key(room, rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4)),
                room.value()).stream().findFirst();
    }

    private RoomKey key(CoordinationId room, String publicKey, byte[] wrapped, String kekId, byte[] legacyClear) {
        if (wrapped == null) {
            // made before keys were wrapped, and not yet wrapped by RoomKeyRewrapping (it runs at start)
            return new RoomKey.LegacyDataKey(new SecretKeySpec(legacyClear, "AES"));
        }
        byte[] key = wrapping.unwrap(room.value(), new KeyWrapping.WrappedKey(kekId, wrapped));
        return publicKey == null ? new RoomKey.LegacyDataKey(new SecretKeySpec(key, "AES"))
                : new RoomKey.Pair(new RoomSeals.RoomKeyPair(key, publicKey));
    }

    @Override
    public void destroy(CoordinationId room) {
        jdbc.update("update room_key set key_material = null, wrapped_key = null, kek_id = null, destroyed_at = ?"
                        + " where room_id = ? and destroyed_at is null",
                Timestamp.from(clock.instant()), room.value());
    }
}
