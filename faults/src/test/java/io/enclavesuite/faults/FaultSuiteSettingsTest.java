package io.enclavesuite.faults;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultSuiteSettingsTest {

    @Test
    void theDefaultsAreTheIssuesFullSizes() {
        FaultSuite.Settings settings = FaultSuite.Settings.parse();
        assertThat(settings.replicas()).isEqualTo(3);
        assertThat(settings.enclaves()).isEqualTo(100);
        assertThat(settings.commands()).isEqualTo(10_000);
        assertThat(settings.scenarios()).containsExactly(1, 2, 6, 3, 4, 5, 7);
        assertThat(settings.outage()).isEqualTo(20);
        assertThat(settings.kafkaOutage()).isEqualTo(20);
        assertThat(settings.logs()).isEqualTo(Path.of("target/fault-logs"));
    }

    @Test
    void argumentsOverrideTheDefaults() {
        FaultSuite.Settings settings = FaultSuite.Settings.parse("commands=300", "--enclaves=6", "scenarios=6, 1",
                "jvm=-Xmx256m  -XX:+UseSerialGC", "kafka-outage=5");
        assertThat(settings.commands()).isEqualTo(300);
        assertThat(settings.enclaves()).isEqualTo(6);
        assertThat(settings.scenarios()).containsExactly(6, 1);
        assertThat(settings.jvm()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(settings.kafkaOutage()).isEqualTo(5);
        assertThat(settings.outage()).as("PostgreSQL's outage keeps its default").isEqualTo(20);
    }

    @Test
    void anUnknownOrOutOfRangeArgumentIsRefused() {
        assertThatThrownBy(() -> FaultSuite.Settings.parse("comands=3")).hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> FaultSuite.Settings.parse("scenarios=8")).hasMessageContaining("1 to 7");
        assertThatThrownBy(() -> FaultSuite.Settings.parse("replicas=1")).hasMessageContaining("need 2");
    }

    @Test
    void aLineSaysPassOrFailWithWhatFailed() {
        assertThat(new ScenarioResult(1, "duplicates to 3 replicas", List.of(), "10000 effects, 20000 results, 0 DLT",
                Duration.ofSeconds(94)).line())
                .isEqualTo("scenario 1 duplicates to 3 replicas: PASS 10000 effects, 20000 results, 0 DLT, 94 s");
        assertThat(new ScenarioResult(2, "kill", List.of("9999 effects for 10000 commands"), "9999 effects",
                Duration.ofSeconds(3)).line()).contains("FAIL 9999 effects, 3 s — 9999 effects for 10000 commands");
    }

    @Test
    void tooManyMembersForTheEnclavesIsRefused() {
        assertThatThrownBy(() -> new CommandLoad(null, "s1-", 2, 201, 1)).hasMessageContaining("at most 100");
    }
}
