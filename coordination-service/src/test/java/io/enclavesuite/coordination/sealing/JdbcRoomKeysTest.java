package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key table on real PostgreSQL with the service's migrations: keys live and die there, never in events. */
class JdbcRoomKeysTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.HIGH));

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
        keys = new JdbcRoomKeys(jdbc, Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aRoomGetsOneKeyEvenWhenAskedTwice() {
        var first = keys.create(ROOM);
        var again = keys.create(ROOM);

        assertThat(again.getEncoded()).isEqualTo(first.getEncoded()).hasSize(32);
        assertThat(keys.find(ROOM)).isPresent();
    }

    @Test
    void destroyingTheKeyMakesTheSealedWindowsUnreadableAndTheRoomCannotBeRekeyed() {
        keys.create(ROOM);
        WindowSealer sealer = new WindowSealer(keys);
        SealedWindows sealed = sealer.seal(ROOM, BOB, WINDOWS);
        assertThat(sealer.unseal(ROOM, BOB, sealed)).isEqualTo(WINDOWS);

        keys.destroy(ROOM);
        keys.destroy(ROOM);

        assertThat(keys.find(ROOM)).isEmpty();
        assertThatThrownBy(() -> sealer.unseal(ROOM, BOB, sealed)).isInstanceOf(WindowSealer.WindowsShredded.class);
        assertThatThrownBy(() -> keys.create(ROOM)).isInstanceOf(WindowSealer.WindowsShredded.class);
        assertThat(jdbc.queryForObject("select count(*) from room_key where key_material is not null", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("select destroyed_at is not null from room_key where room_id = ?", Boolean.class,
                ROOM.value())).isTrue();
    }
}
