package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.QuotaPreset;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * What each quota preset means in the cluster, and the container defaults of every enclave namespace.
 * Defaults follow the reference system: small 4 CPU / 4Gi / 20 pods, medium 16 / 16Gi / 50, large 32 / 64Gi / 100;
 * containers request 50m / 64Mi and are limited to 500m / 256Mi unless they say otherwise.
 */
@ConfigurationProperties("enclave.quota")
public record QuotaPresets(Map<QuotaPreset, Amounts> presets, ContainerDefaults containerDefaults) {

    public QuotaPresets {
        presets = presets == null || presets.isEmpty() ? Map.of(
                QuotaPreset.SMALL, new Amounts("4", "4Gi", 20),
                QuotaPreset.MEDIUM, new Amounts("16", "16Gi", 50),
                QuotaPreset.LARGE, new Amounts("32", "64Gi", 100)) : Map.copyOf(presets);
        for (QuotaPreset preset : QuotaPreset.values()) {
            if (!presets.containsKey(preset)) {
                throw new IllegalArgumentException("enclave.quota.presets has no amounts for '" + preset.label() + "'");
            }
        }
        containerDefaults = containerDefaults == null
                ? new ContainerDefaults("50m", "64Mi", "500m", "256Mi") : containerDefaults;
    }

    public Amounts amounts(QuotaPreset preset) {
        return presets.get(preset);
    }

    /** requests.cpu, requests.memory and pods of the enclave's ResourceQuota. */
    public record Amounts(String cpu, String memory, int pods) {
    }

    /** The LimitRange applied to containers that state no requests or limits of their own. */
    public record ContainerDefaults(String requestCpu, String requestMemory, String limitCpu, String limitMemory) {
    }
}
