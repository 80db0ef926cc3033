package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.enclavesuite.trust.RoomSeals;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key table on real PostgreSQL with the service's migrations: keys live and die there, wrapped, never in events. */
class JdbcRoomKeysTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.HIGH));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private final byte[] kek = random(32);
    private JdbcTemplate jdbc;
    private JdbcRoomKeys keys;

    @BeforeEach
    void migratedDatabase() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("coordination").defaultSchema("coordination")
                .createSchemas(true).locations("classpath:db/migration/write-side", "classpath:db/migration/coordination").load().migrate();
        dataSource.setSchema("coordination");
        jdbc = new JdbcTemplate(dataSource);
        keys = new JdbcRoomKeys(jdbc, new FileKeyWrapping(List.of(kek)), CLOCK);
    }

    @Test
    void aRoomGetsOneKeyPairEvenWhenAskedTwiceAndItsPrivateHalfIsStoredOnlyWrapped() {
        RoomPublicKey first = keys.create(ROOM);
        RoomPublicKey again = keys.create(ROOM);

        assertThat(again).isEqualTo(first);
        RoomSeals.RoomKeyPair pair = ((RoomKey.Pair) keys.find(ROOM).orElseThrow()).pair();
        assertThat(pair.publicKey()).isEqualTo(first.value());
        Map<String, Object> row = jdbc.queryForMap("select * from room_key where room_id = ?", ROOM.value());
        assertThat(row.get("key_material")).isNull();
        assertThat(row.get("kek_id")).isEqualTo(FileKeyWrapping.idOf(kek));
        assertThat(contains((byte[]) row.get("wrapped_key"), pair.privateKey())).as("the private key in clear").isFalse();
    }

    @Test
    void destroyingTheKeyMakesTheSealedWindowsUnreadableAndTheRoomCannotBeRekeyed() {
        SealedWindows sealed = RoomSeals.sealWindows(keys.create(ROOM).value(), ROOM, BOB, WINDOWS);
        WindowOpener opener = new WindowOpener(keys);
        assertThat(opener.open(ROOM, BOB, sealed)).isEqualTo(WINDOWS);

        keys.destroy(ROOM);
        keys.destroy(ROOM);

        assertThat(keys.find(ROOM)).isEmpty();
        assertThatThrownBy(() -> opener.open(ROOM, BOB, sealed)).isInstanceOf(WindowOpener.WindowsShredded.class);
        assertThatThrownBy(() -> keys.create(ROOM)).isInstanceOf(WindowOpener.WindowsShredded.class);
        assertThat(jdbc.queryForObject("select count(*) from room_key where key_material is not null"
                + " or wrapped_key is not null or kek_id is not null", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select destroyed_at is not null from room_key where room_id = ?", Boolean.class,
                ROOM.value())).isTrue();
    }

    /**
     * A dump of the service's schema — every value of every bytea and text column of every table, as pg_dump would
     * write it, read raw, as base64 and as hex — tried as the room's private key and as the KEK: nothing in it opens
     * the room's windows or unwraps its key.
     */
    @Test
    void aDumpOfTheDatabaseWithoutTheKekOpensNoRoom() {
        SealedWindows sealed = RoomSeals.sealWindows(keys.create(ROOM).value(), ROOM, BOB, WINDOWS);
        Map<String, Object> row = jdbc.queryForMap("select * from room_key where room_id = ?", ROOM.value());
        String publicKey = (String) row.get("public_key");
        byte[] wrapped = (byte[]) row.get("wrapped_key");

        List<byte[]> dump = everyStoredValue();
        assertThat(dump).as("the dump holds the wrapped key").anySatisfy(value -> assertThat(value).isEqualTo(wrapped));
        int tried = 0;
        for (byte[] value : dump) {
            for (int from = 0; from + 32 <= value.length; from++) {
                byte[] candidate = Arrays.copyOfRange(value, from, from + 32);
                assertThatThrownBy(() -> RoomSeals.openWindows(new RoomSeals.RoomKeyPair(candidate, publicKey), ROOM,
                        BOB, sealed)).isInstanceOf(RoomSeals.NotSealedToThisRoom.class);
                assertThatThrownBy(() -> new FileKeyWrapping(List.of(candidate)).unwrap(ROOM.value(),
                        new KeyWrapping.WrappedKey(FileKeyWrapping.idOf(candidate), wrapped)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not unwrap");
                tried++;
            }
        }
        assertThat(tried).as("32-byte runs tried, the wrapped key's among them").isGreaterThan(wrapped.length - 31);
        // the same table under another KEK: the service refuses to guess and says which KEK it needs
        JdbcRoomKeys withoutTheKek = new JdbcRoomKeys(jdbc, new FileKeyWrapping(List.of(random(32))), CLOCK);
        assertThatThrownBy(() -> withoutTheKek.find(ROOM)).isInstanceOf(KeyWrapping.UnknownKek.class)
                .hasMessageContaining(FileKeyWrapping.idOf(kek));
        // and with the KEK it opens, until the key is destroyed
        assertThat(new WindowOpener(keys).open(ROOM, BOB, sealed)).isEqualTo(WINDOWS);
    }

    /** Every non-null bytea and text value in the schema, raw, and decoded where it reads as base64 or hex. */
    private List<byte[]> everyStoredValue() {
        List<byte[]> values = new ArrayList<>();
        List<Map<String, Object>> columns = jdbc.queryForList("""
                select table_name, column_name, data_type from information_schema.columns
                where table_schema = 'coordination' and data_type in ('bytea', 'text', 'character varying')""");
        for (Map<String, Object> column : columns) {
            String select = "select \"" + column.get("column_name") + "\" from \"" + column.get("table_name")
                    + "\" where \"" + column.get("column_name") + "\" is not null";
            if ("bytea".equals(column.get("data_type"))) {
                values.addAll(jdbc.queryForList(select, byte[].class));
                continue;
            }
            for (String text : jdbc.queryForList(select, String.class)) {
                values.add(text.getBytes(StandardCharsets.UTF_8));
                for (Function<String, byte[]> decoder : List.<Function<String, byte[]>>of(
                        Base64.getDecoder()::decode, Base64.getUrlDecoder()::decode, HexFormat.of()::parseHex)) {
                    try {
                        values.add(decoder.apply(text.strip()));
                    } catch (IllegalArgumentException notThisEncoding) {
                        // read raw only
                    }
                }
            }
        }
        return values;
    }

    /** A room made before keys were pairs: its AES data key, in clear until wrapped, still opens what it sealed. */
    @Test
    void aRoomMadeBeforeSendersSealedKeepsOpeningItsWindows() throws Exception {
        byte[] dataKey = random(32);
        jdbc.update("insert into room_key (room_id, key_material, created_at) values (?, ?, ?)", ROOM.value(), dataKey,
                Timestamp.from(CLOCK.instant()));
        SealedWindows sealed = legacySeal(dataKey, ROOM, BOB,
                "[{\"start\":\"2026-12-01T09:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\",\"confidence\":\"high\"}]");

        assertThat(keys.find(ROOM)).get().isInstanceOf(RoomKey.LegacyDataKey.class);
        assertThat(new WindowOpener(keys).open(ROOM, BOB, sealed)).isEqualTo(WINDOWS);
    }

    /** As the service sealed windows before issue 26: AES-256-GCM, nonce first, room/participant as associated data. */
    static SealedWindows legacySeal(byte[] key, CoordinationId room, UserId participant, String json)
            throws Exception {
        byte[] nonce = random(12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD((room.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
        return new SealedWindows(Base64.getUrlEncoder().withoutPadding().encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
