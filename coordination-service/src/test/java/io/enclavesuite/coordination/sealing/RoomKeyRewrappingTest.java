package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.enclavesuite.trust.RoomSeals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * KEK rotation on real PostgreSQL with the service's migrations: live keys move to the new KEK (and legacy keys in
 * clear get wrapped), after which the old KEK can go and every room still opens; destroyed keys stay destroyed; two
 * rotations at once share the work; a live key whose KEK is missing stops the service naming that KEK.
 */
class RoomKeyRewrappingTest {

    private static final UserId BOB = UserId.of("U0BOB");
    private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.HIGH));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private final byte[] oldKek = random(32);
    private final byte[] newKek = random(32);
    private final String oldId = FileKeyWrapping.idOf(oldKek);
    private final String newId = FileKeyWrapping.idOf(newKek);
    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migratedDatabase() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        dataSource = new DriverManagerDataSource(infrastructure.newDatabase(), infrastructure.postgresUsername(),
                infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("coordination").defaultSchema("coordination")
                .createSchemas(true).locations("classpath:db/migration/write-side", "classpath:db/migration/coordination")
                .load().migrate();
        dataSource.setSchema("coordination");
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void rotationRewrapsEveryLiveKeyUnderTheNewKekAfterWhichTheOldKekCanGoAndEveryRoomStillOpens() {
        Map<CoordinationId, SealedWindows> rooms = roomsUnder(List.of(oldKek), 7);
        FileKeyWrapping rotating = new FileKeyWrapping(List.of(newKek, oldKek));
        RoomKeyRewrapping rewrapping = rewrapping(rotating, 3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        rewrapping.bindTo(meters);
        assertThat(meters.get("enclave.room.keys").tag("kek", oldId).gauge().value()).isEqualTo(7);
        assertThat(meters.get("enclave.room.keys").tag("kek", newId).gauge().value()).isZero();

        assertThat(rewrapping.rewrapAll()).isEqualTo(7);

        assertThat(jdbc.queryForList("select distinct kek_id from room_key", String.class)).containsExactly(newId);
        assertThat(meters.get("enclave.room.keys").tag("kek", oldId).gauge().value()).isZero();
        assertThat(meters.get("enclave.room.keys").tag("kek", newId).gauge().value()).isEqualTo(7);
        assertThat(meters.get("enclave.room.keys.rewrapped").functionCounter().count()).isEqualTo(7);
        assertThat(rewrapping.rewrapAll()).as("nothing left to re-wrap").isZero();
        // the old KEK leaves the configuration: every room opens with the new one alone
        WindowOpener withTheNewKekOnly = new WindowOpener(keys(List.of(newKek)));
        rooms.forEach((room, sealed) -> assertThat(withTheNewKekOnly.open(room, BOB, sealed)).isEqualTo(WINDOWS));
        // and the old KEK alone opens none
        JdbcRoomKeys withTheOldKekOnly = keys(List.of(oldKek));
        rooms.keySet().forEach(room -> assertThatThrownBy(() -> withTheOldKekOnly.find(room))
                .isInstanceOf(KeyWrapping.UnknownKek.class));
    }

    @Test
    void aKeyDestroyedBeforeOrWhileRotatingStaysDestroyed() throws Exception {
        List<CoordinationId> rooms = List.copyOf(roomsUnder(List.of(oldKek), 3).keySet());
        CoordinationId destroyedBefore = rooms.get(0);
        CoordinationId destroyedWhile = rooms.get(2);
        keys(List.of(oldKek)).destroy(destroyedBefore);
        FileKeyWrapping rotating = new FileKeyWrapping(List.of(newKek, oldKek));
        CompletableFuture<Void> destroying = new CompletableFuture<>();
        // the shredding of a room arrives while the rotation holds its rows: it waits for the rotation's commit
        KeyWrapping destroyingMidway = new KeyWrapping() {
            @Override
            public WrappedKey wrap(String room, byte[] key) {
                if (!destroying.isDone()) {
                    CompletableFuture.runAsync(() -> keys(List.of(newKek, oldKek)).destroy(destroyedWhile))
                            .whenComplete((done, failure) -> {
                                if (failure == null) {
                                    destroying.complete(null);
                                } else {
                                    destroying.completeExceptionally(failure);
                                }
                            });
                }
                return rotating.wrap(room, key);
            }

            @Override
            public byte[] unwrap(String room, WrappedKey wrapped) {
                return rotating.unwrap(room, wrapped);
            }

            @Override
            public String currentKekId() {
                return rotating.currentKekId();
            }

            @Override
            public List<String> kekIds() {
                return rotating.kekIds();
            }
        };

        rewrapping(destroyingMidway, 10).rewrapAll();
        destroying.get(30, TimeUnit.SECONDS);

        JdbcRoomKeys withTheNewKek = keys(List.of(newKek));
        assertThat(withTheNewKek.find(destroyedBefore)).isEmpty();
        assertThat(withTheNewKek.find(destroyedWhile)).isEmpty();
        assertThat(withTheNewKek.find(rooms.get(1))).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from room_key where destroyed_at is not null"
                + " and key_material is null and wrapped_key is null and kek_id is null", Integer.class)).isEqualTo(2);
    }

    @Test
    void twoRotationsAtOnceShareTheKeysAndNeitherUndoesTheOther() throws Exception {
        Map<CoordinationId, SealedWindows> rooms = roomsUnder(List.of(oldKek), 120);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Integer>> runs = List.of(1, 2).stream().map(replica -> CompletableFuture.supplyAsync(() -> {
                RoomKeyRewrapping rewrapping = rewrapping(new FileKeyWrapping(List.of(newKek, oldKek)), 4);
                try {
                    together.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return rewrapping.rewrapAll();
            }, replicas)).toList();

            int first = runs.get(0).get(60, TimeUnit.SECONDS);
            int second = runs.get(1).get(60, TimeUnit.SECONDS);
            assertThat(first + second).as("each key re-wrapped once, by one of them").isEqualTo(120);
        } finally {
            replicas.shutdownNow();
        }
        assertThat(jdbc.queryForList("select distinct kek_id from room_key", String.class)).containsExactly(newId);
        WindowOpener withTheNewKekOnly = new WindowOpener(keys(List.of(newKek)));
        rooms.forEach((room, sealed) -> assertThat(withTheNewKekOnly.open(room, BOB, sealed)).isEqualTo(WINDOWS));
    }

    @Test
    void aLegacyKeyInClearIsWrappedAndItsWindowsStillOpen() throws Exception {
        CoordinationId room = CoordinationId.of("room-00000000-0000-0000-0000-0000000000bb");
        byte[] dataKey = random(32);
        jdbc.update("insert into room_key (room_id, key_material, created_at) values (?, ?, ?)", room.value(), dataKey,
                Timestamp.from(CLOCK.instant()));
        SealedWindows sealed = JdbcRoomKeysTest.legacySeal(dataKey, room, BOB,
                "[{\"start\":\"2026-12-01T09:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\",\"confidence\":\"high\"}]");
        RoomKeyRewrapping rewrapping = rewrapping(new FileKeyWrapping(List.of(newKek)), 10);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        rewrapping.bindTo(meters);
        assertThat(meters.get("enclave.room.keys").tag("kek", RoomKeyRewrapping.IN_CLEAR).gauge().value()).isEqualTo(1);

        assertThat(rewrapping.rewrapAll()).isEqualTo(1);

        Map<String, Object> row = jdbc.queryForMap("select * from room_key where room_id = ?", room.value());
        assertThat(row.get("key_material")).isNull();
        assertThat(row.get("public_key")).isNull();
        assertThat(row.get("kek_id")).isEqualTo(newId);
        assertThat(meters.get("enclave.room.keys").tag("kek", RoomKeyRewrapping.IN_CLEAR).gauge().value()).isZero();
        assertThat(keys(List.of(newKek)).find(room)).get().isInstanceOf(RoomKey.LegacyDataKey.class);
        assertThat(new WindowOpener(keys(List.of(newKek))).open(room, BOB, sealed)).isEqualTo(WINDOWS);
    }

    @Test
    void aLiveKeyWhoseKekIsNotConfiguredStopsTheServiceNamingThatKek() {
        List<CoordinationId> rooms = List.copyOf(roomsUnder(List.of(oldKek), 2).keySet());

        assertThatThrownBy(() -> rewrapping(new FileKeyWrapping(List.of(newKek)), 10).refuseUnknownKeks())
                .isInstanceOf(RoomKeyRewrapping.KeksMissing.class)
                .hasMessageContaining(oldId + " (live keys: 2)").hasMessageContaining(newId);
        // with the old KEK among the previous ones it starts; once every key is destroyed no KEK is needed
        rewrapping(new FileKeyWrapping(List.of(newKek, oldKek)), 10).refuseUnknownKeks();
        rooms.forEach(keys(List.of(oldKek))::destroy);
        rewrapping(new FileKeyWrapping(List.of(newKek)), 10).refuseUnknownKeks();
    }

    /** The current KEK file is made on a first start only: a missing file with live keys is a lost KEK, not a new one. */
    @Test
    void aMissingKekFileIsMadeOnAFirstStartOnly(@TempDir Path folder) throws Exception {
        Path kekFile = folder.resolve("key-encryption-key");
        roomsUnder(List.of(oldKek), 1);

        assertThatThrownBy(() -> KeyEncryptionKeyFiles.load(kekFile, List.of(), RoomKeyRewrapping.liveKekIds(jdbc)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(oldId)
                .hasMessageContaining(kekFile.toString());
        assertThat(kekFile).doesNotExist();

        jdbc.update("delete from room_key");
        List<byte[]> made = KeyEncryptionKeyFiles.load(kekFile, List.of(), RoomKeyRewrapping.liveKekIds(jdbc));
        assertThat(kekFile).exists();
        assertThat(made).hasSize(1);
        assertThat(Files.readString(kekFile).strip()).hasSize(44);
        assertThat(RoomKeyRewrapping.liveKekIds(jdbc)).isEqualTo(Set.of());
    }

    private Map<CoordinationId, SealedWindows> roomsUnder(List<byte[]> keks, int count) {
        JdbcRoomKeys keys = keys(keks);
        Map<CoordinationId, SealedWindows> rooms = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            CoordinationId room = CoordinationId.of(String.format("room-00000000-0000-0000-0000-%012d", i));
            rooms.put(room, RoomSeals.sealWindows(keys.create(room).value(), room, BOB, WINDOWS));
        }
        return rooms;
    }

    private JdbcRoomKeys keys(List<byte[]> keks) {
        return new JdbcRoomKeys(jdbc, new FileKeyWrapping(keks), CLOCK);
    }

    private RoomKeyRewrapping rewrapping(KeyWrapping wrapping, int batchSize) {
        return new RoomKeyRewrapping(jdbc, new DataSourceTransactionManager(dataSource), wrapping, batchSize);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
