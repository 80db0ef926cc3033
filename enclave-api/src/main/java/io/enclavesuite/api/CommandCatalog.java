package io.enclavesuite.api;

import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.RenameChannel;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.tentacle.ChownTentacle;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.SetTentacleMode;
import io.enclavesuite.api.tentacle.UpdateTentacle;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commands anyone outside the write services may send over Kafka, by envelope {@code type}.
 * Commands that record a saga's outcome (CompleteProvisioning, CompleteDeprovisioning, …) are deliberately absent: only the saga sends them.
 */
public final class CommandCatalog {

    private static final Map<String, Class<?>> PUBLIC_COMMANDS = Stream.of(
                    ProvisionEnclave.class, RenameChannel.class, FreezeEnclave.class, UnfreezeEnclave.class,
                    RegisterMember.class, RemoveMember.class, TransferOwnership.class, SetEnclaveMode.class,
                    RequestDeprovision.class, ConfirmDeprovision.class,
                    DeployTentacle.class, UpdateTentacle.class, RemoveTentacle.class, RunTentacle.class,
                    SetTentacleMode.class, ChownTentacle.class)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));

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
