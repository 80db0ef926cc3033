package io.enclavesuite.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KindTest {

    private static final BooleanSupplier DOCKER_UP = () -> true;
    private static final BooleanSupplier DOCKER_DOWN = () -> false;

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "auto", "AUTO", " Auto "})
    void autoFollowsDockerAvailability(String setting) {
        assertThat(Kind.choose(setting, DOCKER_UP)).isEqualTo(Kind.DOCKER);
        assertThat(Kind.choose(setting, DOCKER_DOWN)).isEqualTo(Kind.EMBEDDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "EMBEDDED", " embedded "})
    void embeddedIsForcedWithoutProbingDocker(String setting) {
        AtomicBoolean probed = new AtomicBoolean();
        BooleanSupplier probe = () -> {
            probed.set(true);
            return true;
        };

        assertThat(Kind.choose(setting, probe)).isEqualTo(Kind.EMBEDDED);
        assertThat(probed).isFalse();
    }

    @Test
    void dockerIsForcedWhenReachable() {
        assertThat(Kind.choose("docker", DOCKER_UP)).isEqualTo(Kind.DOCKER);
        assertThat(Kind.choose("Docker", DOCKER_UP)).isEqualTo(Kind.DOCKER);
    }

    @Test
    void forcedDockerWithoutEngineFailsLoudly() {
        assertThatThrownBy(() -> Kind.choose("docker", DOCKER_DOWN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ENCLAVE_TEST_INFRA=docker")
                .hasMessageContaining("no Docker engine is reachable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman", "containers", "yes", "auto,docker"})
    void invalidSettingIsRejectedWithTheAcceptedValues(String setting) {
        assertThatThrownBy(() -> Kind.choose(setting, DOCKER_UP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + setting + "'")
                .hasMessageContaining("expected auto, docker or embedded");
    }
}
