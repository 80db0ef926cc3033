package io.enclavesuite.api;

import io.enclavesuite.api.enclave.ProvisionEnclave;

import java.util.Map;
import java.util.Optional;

/**
 * The commands anyone outside the write services may send over Kafka, by envelope {@code type}.
 * Commands that record a saga's outcome (CompleteProvisioning, …) are deliberately absent: only the saga sends them.
 */
public final class CommandCatalog {

    private static final Map<String, Class<?>> PUBLIC_COMMANDS = Map.of(
            "ProvisionEnclave", ProvisionEnclave.class);

    public static Optional<Class<?>> commandType(String type) {
        return Optional.ofNullable(PUBLIC_COMMANDS.get(type));
    }

    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(PUBLIC_COMMANDS.keySet());
    }

    private CommandCatalog() {
    }
}
