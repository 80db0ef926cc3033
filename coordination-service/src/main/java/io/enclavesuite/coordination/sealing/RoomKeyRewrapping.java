package io.enclavesuite.coordination.sealing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * KEK rotation: re-wraps with the current KEK every live room key that a previous KEK wraps — and wraps the data keys
 * that rooms made before keys were wrapped still hold in clear — so that an old KEK can leave the configuration and
 * the table holds no key in clear. Small transactions of a few rows: each row is locked ({@code for update skip
 * locked}) and updated only while it is still live under the KEK it was read with, so two replicas rotating at once
 * take different rows and a key destroyed meanwhile stays destroyed. Only KEKs configured here are touched, so a
 * replica that does not know a KEK leaves its keys alone. The old wrapped bytes stay as dead row versions until
 * vacuum: a run that re-wrapped anything vacuums the table.
 */
public class RoomKeyRewrapping implements MeterBinder {

    /** The {@code kek} tag of the live keys no KEK wraps yet: legacy data keys in clear. */
    public static final String IN_CLEAR = "clear";

    private static final Logger log = LoggerFactory.getLogger(RoomKeyRewrapping.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KeyWrapping wrapping;
    private final int batchSize;
    private final AtomicLong rewrapped = new AtomicLong();

    public RoomKeyRewrapping(JdbcTemplate jdbc, PlatformTransactionManager transactions, KeyWrapping wrapping,
                             int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one room key, not " + batchSize);
        }
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.wrapping = wrapping;
        this.batchSize = batchSize;
    }

    /** The KEKs that live room keys are wrapped by, as the table says. */
    public static Set<String> liveKekIds(JdbcTemplate jdbc) {
        return new TreeSet<>(jdbc.queryForList("select distinct kek_id from room_key"
                + " where destroyed_at is null and kek_id is not null", String.class));
    }

    /**
     * Refuses to go on while a live room key is wrapped by a KEK that is not configured here: its room could not be
     * opened, and the service must not take commands as if it could.
     *
     * @throws KeksMissing naming each missing KEK and how many live keys it wraps
     */
    public void refuseUnknownKeks() {
        Map<String, Long> live = liveKeysPerKek();
        live.remove(IN_CLEAR);
        live.keySet().removeAll(wrapping.kekIds());
        if (!live.isEmpty()) {
            throw new KeksMissing(live, wrapping.kekIds());
        }
    }

    /**
     * Re-wraps every live room key that a previous KEK (or none) wraps with the current KEK, batch by batch, and
     * vacuums the table when it changed anything. A key that does not unwrap is left as it is and logged.
     *
     * @return how many keys were re-wrapped
     */
    public int rewrapAll() {
        String current = wrapping.currentKekId();
        List<String> previous = wrapping.kekIds().stream().filter(id -> !id.equals(current)).toList();
        Set<String> leftAlone = new HashSet<>();
        int total = 0;
        while (true) {
            Batch batch = transactions.execute(status -> rewrapBatch(previous, leftAlone));
            total += batch.rewrapped();
            if (batch.taken() == 0) {
                break;
            }
        }
        if (total > 0) {
            rewrapped.addAndGet(total);
            // the bytes each key was wrapped with before are dead row versions now (VACUUM runs outside a transaction)
            jdbc.execute("VACUUM room_key");
            log.info("Re-wrapped {} room keys with key-encryption key {}", total, current);
        }
        return total;
    }

    private Batch rewrapBatch(List<String> previous, Set<String> leftAlone) {
        List<StoredKey> keys = jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("""
                    select room_id, kek_id, wrapped_key, key_material from room_key
                    where destroyed_at is null
                      and (kek_id = any(?) or (kek_id is null and key_material is not null))
                      and not (room_id = any(?))
                    order by room_id limit ? for update skip locked""");
            select.setArray(1, connection.createArrayOf("text", previous.toArray()));
            select.setArray(2, connection.createArrayOf("text", leftAlone.toArray()));
            select.setInt(3, batchSize);
            return select;
        }, (rs, row) -> new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)));
        int done = 0;
        for (StoredKey key : keys) {
            if (rewrap(key)) {
                done++;
            } else {
                leftAlone.add(key.room());
            }
        }
        return new Batch(keys.size(), done);
    }

    private boolean rewrap(StoredKey stored) {
        byte[] key;
        try {
            key = stored.kekId() == null ? stored.clear()
                    : wrapping.unwrap(stored.room(), new KeyWrapping.WrappedKey(stored.kekId(), stored.wrapped()));
        } catch (RuntimeException e) {
            log.warn("The key of room {} stays wrapped by key-encryption key {}: {}", stored.room(), stored.kekId(),
                    e.getMessage());
            return false;
        }
        try {
            KeyWrapping.WrappedKey wrapped = wrapping.wrap(stored.room(), key);
            return jdbc.update("""
                            update room_key set wrapped_key = ?, kek_id = ?, key_material = null
                            where room_id = ? and destroyed_at is null and kek_id is not distinct from ?""",
                    wrapped.bytes(), wrapped.kekId(), stored.room(), stored.kekId()) == 1;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Live room keys per KEK id ({@value #IN_CLEAR} for legacy keys no KEK wraps yet). */
    public Map<String, Long> liveKeysPerKek() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select coalesce(kek_id, '" + IN_CLEAR + "'), count(*) from room_key where destroyed_at is null"
                + " group by 1", rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /**
     * {@code enclave_room_keys{kek}}: live room keys per configured KEK (and {@value #IN_CLEAR}), read from the table
     * at each scrape — a rotation is done when the old KEK's count is 0; {@code enclave_room_keys_rewrapped_total}.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        List<String> tags = new ArrayList<>(wrapping.kekIds());
        tags.add(IN_CLEAR);
        for (String kek : tags) {
            Gauge.builder("enclave.room.keys", this, rewrapping -> rewrapping.liveKeysPerKek().getOrDefault(kek, 0L))
                    .description("Live room keys per key-encryption key id (docs/security.md)")
                    .tag("kek", kek)
                    .register(registry);
        }
        FunctionCounter.builder("enclave.room.keys.rewrapped", rewrapped, AtomicLong::get)
                .description("Room keys re-wrapped with the current key-encryption key")
                .register(registry);
    }

    private record StoredKey(String room, String kekId, byte[] wrapped, byte[] clear) {
    }

    private record Batch(int taken, int rewrapped) {
    }

    /** Live room keys are wrapped by KEKs this service does not have: it must not start as if it could open them. */
    public static class KeksMissing extends IllegalStateException {
        public KeksMissing(Map<String, Long> missing, List<String> configured) {
            super("live room keys are wrapped by key-encryption keys that are not configured: "
                    + missing.entrySet().stream().map(kek -> kek.getKey() + " (live keys: " + kek.getValue() + ")")
                    .collect(Collectors.joining(", "))
                    + "; configured: " + String.join(", ", configured) + " (the first is current). Restore each"
                    + " missing KEK as coordination.key-encryption.key-file or in previous-key-files; see"
                    + " docs/security.md, \"Room keys and the key-encryption key\"");
        }
    }
}
