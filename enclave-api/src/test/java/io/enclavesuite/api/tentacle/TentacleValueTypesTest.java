package io.enclavesuite.api.tentacle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TentacleValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"report", "a", "etl-2", "x1234567890123456789012345678901234567"})
    void validTentacleNames(String name) {
        assertThat(TentacleName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Report", "-etl", "etl-", "etl_2", "etl.2", ""})
    void invalidTentacleNamesAreRefusedWithTheRule(String name) {
        assertThatThrownBy(() -> TentacleName.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name.isEmpty() ? "tentacle name is required" : "must be lower-case letters");
    }

    @Test
    void aTentacleNameLeavesRoomForItsRunJobs() {
        assertThatThrownBy(() -> TentacleName.of("a".repeat(41))).hasMessageEndingWith("is longer than 40 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/acme/report:1.4.2", "nginx:1.27", "registry.local:5000/team/etl:2026-11-22",
            "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "ghcr.io/acme/api:2.1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void pinnedImagesAreAccepted(String reference) {
        assertThat(ContainerImage.of(reference).reference()).isEqualTo(reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:latest", "ghcr.io/acme/report"})
    void unpinnedImagesAreRefused(String reference) {
        assertThatThrownBy(() -> ContainerImage.of(reference))
                .hasMessage("image '" + reference + "' must be pinned to a tag other than 'latest' or to a digest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Nginx:1.0", "acme//report:1", "report:1 ", "report:-1", "report:1@sha256:abc", " "})
    void malformedImagesAreRefused(String reference) {
        assertThatThrownBy(() -> ContainerImage.of(reference)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 2 * * *", "*/15 * * * *", "0 9-17 * * 1-5", "30 4 1,15 * *", "@hourly", "@daily",
            "0 0 * * SUN", "0 12 * JAN *"})
    void cronSchedulesAKubernetesCronJobTakes(String expression) {
        assertThat(CronSchedule.of(expression).expression()).isEqualTo(expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 2 * *", "0 0 2 * * *", "61 * * * *", "* 25 * * *", "@sometimes", "every day", "* * 32 * *"})
    void invalidCronSchedulesAreRefused(String expression) {
        assertThatThrownBy(() -> CronSchedule.of(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expression);
    }

    @Test
    void aScheduleCheckedOnceIsAcceptedAgainAndARefusedOneIsRefusedEveryTime() {
        assertThat(CronSchedule.of(" 5 4 * * 2 ")).isEqualTo(CronSchedule.of("5 4 * * 2"));
        assertThatThrownBy(() -> CronSchedule.of("5 4 * * 9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.of("5 4 * * 9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dependenciesUseTheirLabels() {
        assertThat(Dependency.parse("object-storage")).isEqualTo(Dependency.OBJECT_STORAGE);
        assertThat(Dependency.POSTGRES.label()).isEqualTo("postgres");
        assertThatThrownBy(() -> Dependency.parse("redis"))
                .hasMessage("'redis' is not a dependency: postgres, object-storage, messaging or identity");
    }

    @Test
    void anUpdateNamesSomethingToChange() {
        assertThatThrownBy(() -> new UpdateTentacle(io.enclavesuite.api.enclave.EnclaveId.of("growth"),
                TentacleName.of("report"), null, null, null))
                .hasMessage("an update names at least one of image, schedule, dependencies");
    }
}
