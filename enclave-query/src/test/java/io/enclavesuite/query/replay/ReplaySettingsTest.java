package io.enclavesuite.query.replay;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code enclave.read-side.replay.*}. */
class ReplaySettingsTest {

    private static ReplaySettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("enclave.read-side.replay",
                ReplaySettings.class);
    }

    @Test
    void theLockTimeoutIsADuration() {
        assertThat(bind(Map.of("enclave.read-side.replay.lock-timeout", "750ms")).lockTimeout())
                .isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void theLockTimeoutIsFiveSecondsByDefault() {
        assertThat(bind(Map.of()).lockTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aLockTimeoutOfNothingIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("enclave.read-side.replay.lock-timeout", "0s")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("enclave.read-side.replay.lock-timeout must be positive, not PT0S");
    }
}
