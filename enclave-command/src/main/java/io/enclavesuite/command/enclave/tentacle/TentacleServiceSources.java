package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;

/**
 * Where a tentacle's container finds each shared service it declared: a Secret for credentials ({@code postgres},
 * {@code object-storage}), a ConfigMap for settings that are not secret ({@code messaging}, {@code identity}),
 * named {@code <tentacle>-<what>} in the enclave's namespace.
 */
public final class TentacleServiceSources {

    public static String nameOf(TentacleName tentacle, Dependency service) {
        return tentacle.value() + "-" + switch (service) {
            case POSTGRES -> "database";
            case OBJECT_STORAGE -> "storage";
            case MESSAGING -> "messaging";
            case IDENTITY -> "identity";
        };
    }

    public static boolean isSecret(Dependency service) {
        return service == Dependency.POSTGRES || service == Dependency.OBJECT_STORAGE;
    }

    static EnvFromSource envFrom(TentacleName tentacle, Dependency service) {
        String name = nameOf(tentacle, service);
        return isSecret(service)
                ? new EnvFromSourceBuilder().withNewSecretRef().withName(name).endSecretRef().build()
                : new EnvFromSourceBuilder().withNewConfigMapRef().withName(name).endConfigMapRef().build();
    }

    private TentacleServiceSources() {
    }
}
