package io.enclavesuite.coordination.flow;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.coordination.sealing.FileKeyWrapping;
import io.enclavesuite.coordination.sealing.JdbcRoomKeys;
import io.enclavesuite.coordination.sealing.RoomKey;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * coordination-service starting on a database whose room keys were wrapped before: with the KEK that wrapped them
 * among its previous ones, it re-wraps them (and wraps legacy keys in clear) before it reports ready; without it, it
 * does not start, and says which KEK it lacks.
 */
class KeyEncryptionAtStartTest {

    private static final CoordinationId WRAPPED = CoordinationId.of("room-00000000-0000-0000-0000-0000000000c1");
    private static final CoordinationId LEGACY = CoordinationId.of("room-00000000-0000-0000-0000-0000000000c2");

    @Test
    void aLiveKeyWrappedByAKekTheServiceLacksStopsItsStartNamingThatKek(@TempDir Path keys) throws Exception {
        byte[] unknown = random(32);
        Path otherKek = Files.writeString(keys.resolve("other"), Base64.getEncoder().encodeToString(random(32)));
        Path missing = keys.resolve("missing");
        try (RunningCoordinationService service = new RunningCoordinationService()) {
            JdbcTemplate coordination = migrated(service);
            new JdbcRoomKeys(coordination, new FileKeyWrapping(List.of(unknown)), Clock.systemUTC()).create(WRAPPED);

            assertThatThrownBy(() -> service.start("--coordination.key-encryption.key-file=" + otherKek)).rootCause()
                    .hasMessageContaining("not configured: " + FileKeyWrapping.idOf(unknown) + " (live keys: 1)");
            // a missing KEK file is not made anew over live keys
            assertThatThrownBy(() -> service.start("--coordination.key-encryption.key-file=" + missing)).rootCause()
                    .hasMessageContaining(missing + " is missing")
                    .hasMessageContaining("wrapped by KEK " + FileKeyWrapping.idOf(unknown));
            assertThat(missing).doesNotExist();
        }
    }

    @Test
    void atStartKeysUnderAPreviousKekAndLegacyKeysAreWrappedWithTheCurrentOne(@TempDir Path keys) throws Exception {
        byte[] oldKek = random(32);
        byte[] newKek = random(32);
        Path oldFile = Files.writeString(keys.resolve("old"), Base64.getEncoder().encodeToString(oldKek));
        Path newFile = Files.writeString(keys.resolve("new"), Base64.getEncoder().encodeToString(newKek));
        try (RunningCoordinationService service = new RunningCoordinationService()) {
            JdbcTemplate coordination = migrated(service);
            new JdbcRoomKeys(coordination, new FileKeyWrapping(List.of(oldKek)), Clock.systemUTC()).create(WRAPPED);
            coordination.update("insert into room_key (room_id, key_material, created_at) values (?, ?, ?)",
                    LEGACY.value(), random(32), Timestamp.from(Instant.now()));

            service.start("--coordination.key-encryption.key-file=" + newFile,
                    "--coordination.key-encryption.previous-key-files=" + oldFile);

            assertThat(coordination.queryForList("select kek_id from room_key", String.class))
                    .containsOnly(FileKeyWrapping.idOf(newKek));
            assertThat(coordination.queryForObject("select count(*) from room_key where key_material is not null",
                    Integer.class)).isZero();
            JdbcRoomKeys withTheNewKekOnly = new JdbcRoomKeys(coordination, new FileKeyWrapping(List.of(newKek)),
                    Clock.systemUTC());
            assertThat(withTheNewKekOnly.find(WRAPPED)).get().isInstanceOf(RoomKey.Pair.class);
            assertThat(withTheNewKekOnly.find(LEGACY)).get().isInstanceOf(RoomKey.LegacyDataKey.class);
            PrometheusScrape scrape = PrometheusScrape.of(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + service.managementPort() + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(scrape.value("enclave_room_keys", Map.of("kek", FileKeyWrapping.idOf(oldKek)))).hasValue(0);
            assertThat(scrape.value("enclave_room_keys", Map.of("kek", FileKeyWrapping.idOf(newKek)))).hasValue(2);
            assertThat(scrape.value("enclave_room_keys", Map.of("kek", "clear"))).hasValue(0);
            assertThat(scrape.value("enclave_room_keys_rewrapped_total", Map.of())).hasValue(2);
        }
    }

    /** The service's schema, migrated as the service migrates it, so keys can be stored before it first starts. */
    private static JdbcTemplate migrated(RunningCoordinationService service) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(service.jdbcUrl,
                service.infrastructure.postgresUsername(), service.infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("coordination").defaultSchema("coordination")
                .createSchemas(true).locations("classpath:db/migration/write-side", "classpath:db/migration/coordination")
                .load().migrate();
        dataSource.setSchema("coordination");
        return new JdbcTemplate(dataSource);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
