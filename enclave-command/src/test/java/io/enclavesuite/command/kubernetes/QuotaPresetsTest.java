package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.QuotaPreset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaPresetsTest {

    @Test
    void withoutConfigurationThePresetsAreTheReferenceOnes() {
        QuotaPresets presets = new QuotaPresets(null, null);

        assertThat(presets.amounts(QuotaPreset.SMALL)).isEqualTo(new QuotaPresets.Amounts("4", "4Gi", 20));
        assertThat(presets.amounts(QuotaPreset.MEDIUM)).isEqualTo(new QuotaPresets.Amounts("16", "16Gi", 50));
        assertThat(presets.amounts(QuotaPreset.LARGE)).isEqualTo(new QuotaPresets.Amounts("32", "64Gi", 100));
        assertThat(presets.containerDefaults())
                .isEqualTo(new QuotaPresets.ContainerDefaults("50m", "64Mi", "500m", "256Mi"));
    }

    @Test
    void configurationBindsByPresetName() {
        var source = new MapConfigurationPropertySource(Map.of(
                "enclave.quota.presets.small.cpu", "2", "enclave.quota.presets.small.memory", "2Gi",
                "enclave.quota.presets.small.pods", "10",
                "enclave.quota.presets.medium.cpu", "8", "enclave.quota.presets.medium.memory", "8Gi",
                "enclave.quota.presets.medium.pods", "30",
                "enclave.quota.presets.large.cpu", "64", "enclave.quota.presets.large.memory", "128Gi",
                "enclave.quota.presets.large.pods", "200"));

        QuotaPresets presets = new Binder(source).bind("enclave.quota", QuotaPresets.class).get();

        assertThat(presets.amounts(QuotaPreset.SMALL)).isEqualTo(new QuotaPresets.Amounts("2", "2Gi", 10));
        assertThat(presets.amounts(QuotaPreset.LARGE).pods()).isEqualTo(200);
    }

    @Test
    void aConfigurationThatForgetsAPresetIsRefusedAtStart() {
        assertThatThrownBy(() -> new QuotaPresets(Map.of(QuotaPreset.SMALL, new QuotaPresets.Amounts("1", "1Gi", 5)), null))
                .hasMessage("enclave.quota.presets has no amounts for 'medium'");
    }
}
