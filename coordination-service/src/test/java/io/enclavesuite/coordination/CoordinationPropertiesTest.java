package io.enclavesuite.coordination;

import io.enclavesuite.coordination.meeting.CoordinationLimits;
import io.enclavesuite.coordination.policy.AutonomyLimits;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code coordination.*} as the service binds it: the names docs/configuration.md lists, its defaults, its checks. */
class CoordinationPropertiesTest {

    private static CoordinationProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("coordination", CoordinationProperties.class);
    }

    @Test
    void nothingSetMeansTheDocumentedDefaults() {
        CoordinationProperties properties = bind(Map.of());

        assertThat(properties.snapshotThreshold()).isEqualTo(100);
        assertThat(properties.aggregateCache().entries()).isEqualTo(10_000L);
        assertThat(properties.roomKeyVacuumInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.keyEncryption().rewrapInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.keyEncryption().previousKeyFiles()).isEmpty();
        assertThat(properties.limits()).isEqualTo(new CoordinationLimits(20, Duration.ofHours(48), Duration.ofDays(14),
                100, 20, Duration.ofHours(24)));
        assertThat(properties.autonomy()).isEqualTo(new AutonomyLimits(10, 1000));
    }

    @Test
    void everyPropertyIsReadByItsName() {
        CoordinationProperties properties = bind(Map.ofEntries(
                Map.entry("coordination.snapshot-threshold", "20"),
                Map.entry("coordination.aggregate-cache.entries", "7"),
                Map.entry("coordination.room-key-vacuum-interval", "1s"),
                Map.entry("coordination.limits.max-participants", "5"),
                Map.entry("coordination.limits.default-time-limit", "2h"),
                Map.entry("coordination.limits.max-time-limit", "3d"),
                Map.entry("coordination.limits.max-windows", "9"),
                Map.entry("coordination.limits.rooms-per-hour", "4"),
                Map.entry("coordination.limits.approval-window", "6h"),
                Map.entry("coordination.autonomy.inbound-per-hour", "3"),
                Map.entry("coordination.autonomy.max-inbound-per-hour", "30"),
                Map.entry("coordination.key-encryption.key-file", "/keys/kek"),
                Map.entry("coordination.key-encryption.previous-key-files", "/keys/old-1,/keys/old-2"),
                Map.entry("coordination.key-encryption.rewrap-interval", "30s")));

        assertThat(properties.snapshotThreshold()).isEqualTo(20);
        assertThat(properties.aggregateCache().entries()).isEqualTo(7L);
        assertThat(properties.roomKeyVacuumInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.limits()).isEqualTo(new CoordinationLimits(5, Duration.ofHours(2), Duration.ofDays(3), 9, 4,
                Duration.ofHours(6)));
        assertThat(properties.autonomy()).isEqualTo(new AutonomyLimits(3, 30));
        assertThat(properties.keyEncryption()).isEqualTo(new CoordinationProperties.KeyEncryption(Path.of("/keys/kek"),
                List.of(Path.of("/keys/old-1"), Path.of("/keys/old-2")), Duration.ofSeconds(30)));
    }

    @Test
    void aLimitLeftOutKeepsItsDefault() {
        assertThat(bind(Map.of("coordination.limits.max-windows", "9")).limits())
                .isEqualTo(new CoordinationLimits(20, Duration.ofHours(48), Duration.ofDays(14), 9, 20, Duration.ofHours(24)));
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("coordination.snapshot-threshold", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("snapshot-threshold");
        assertThatThrownBy(() -> bind(Map.of("coordination.aggregate-cache.entries", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("aggregate-cache.entries");
        assertThatThrownBy(() -> bind(Map.of("coordination.room-key-vacuum-interval", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("room-key-vacuum-interval");
        assertThatThrownBy(() -> bind(Map.of("coordination.key-encryption.rewrap-interval", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("rewrap-interval");
        assertThatThrownBy(() -> bind(Map.of("coordination.limits.max-participants", "2")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("at least 3 participants");
        assertThatThrownBy(() -> bind(Map.of("coordination.limits.rooms-per-hour", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("rooms-per-hour");
        assertThatThrownBy(() -> bind(Map.of("coordination.autonomy.inbound-per-hour", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("inbound-per-hour");
    }
}
