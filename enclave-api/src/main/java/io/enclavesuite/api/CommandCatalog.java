package io.enclavesuite.api;

import io.enclavesuite.api.enclave.ProvisionEnclave;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    public static Set<String> names() {
        return new TreeSet<>(PUBLIC_COMMANDS.keySet());
    }

    /** The one wording of this refusal, for the intake's result and for clients that check before sending. */
    public static String unknownTypeReason(String type) {
        return "unknown command type '" + type + "' (known: " + String.join(", ", names()) + ")";
    }

    private CommandCatalog() {
    }
}
