package io.enclavesuite.api;

import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.DeferApproval;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.SetAutonomyBudget;
import io.enclavesuite.api.coordination.SetAutonomyLevel;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TrustIdentity;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.api.coordination.Withdraw;
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
import io.enclavesuite.api.tentacle.GrantSchemaAccess;
import io.enclavesuite.api.tentacle.RevokeSchemaAccess;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.SetTentacleMode;
import io.enclavesuite.api.tentacle.UpdateTentacle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commands anyone outside the write services may send over Kafka, by envelope {@code type}, in two catalogs:
 * one per write service, each read from that service's own topic. Commands that record a saga's outcome
 * (CompleteProvisioning, AuthorizeParticipation, ShredRoomData, …) are deliberately absent: only the services send them.
 */
public final class CommandCatalog {

    /** Team enclaves, on {@link Topics#COMMANDS}, taken by enclave-command. */
    public static final CommandCatalog TEAM = new CommandCatalog("team-enclave", TopicNames::commands, Stream.of(
            ProvisionEnclave.class, RenameChannel.class, FreezeEnclave.class, UnfreezeEnclave.class,
            RegisterMember.class, RemoveMember.class, TransferOwnership.class, SetEnclaveMode.class,
            RequestDeprovision.class, ConfirmDeprovision.class,
            DeployTentacle.class, UpdateTentacle.class, RemoveTentacle.class, RunTentacle.class,
            SetTentacleMode.class, ChownTentacle.class, GrantSchemaAccess.class, RevokeSchemaAccess.class));

    /** Coordination rooms and agent policies, on {@link Topics#COORDINATION_COMMANDS}, taken by coordination-service. */
    public static final CommandCatalog COORDINATION = new CommandCatalog("coordination", TopicNames::coordinationCommands,
            Stream.of(CreateCoordination.class, ApproveParticipation.class, DeclineParticipation.class,
                    SubmitWindows.class, AcknowledgeWindows.class, ProposeSlot.class, AcceptSlot.class, CounterSlot.class, Withdraw.class,
                    AddAutonomyRule.class, RemoveAutonomyRule.class, DeferApproval.class, SetAutonomyLevel.class,
                    SetAutonomyBudget.class, TrustIdentity.class, UntrustIdentity.class, SetInboundRateLimit.class));

    private static final List<CommandCatalog> ALL = List.of(TEAM, COORDINATION);

    /** What these commands answer is for the requester alone: sealed to the envelope's reply key, never in clear. */
    private static final Set<String> ANSWERED_IN_CONFIDENCE = Set.of(RequestDeprovision.class.getSimpleName());

    private final String kind;
    private final Function<TopicNames, String> topic;
    private final Map<String, Class<?>> commands;

    private CommandCatalog(String kind, Function<TopicNames, String> topic, Stream<Class<?>> commands) {
        this.kind = kind;
        this.topic = topic;
        this.commands = commands.collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));
    }

    /** The catalog holding a type, so a client knows which topic to send it to. */
    public static Optional<CommandCatalog> owning(String type) {
        return ALL.stream().filter(catalog -> catalog.commands.containsKey(type)).findFirst();
    }

    /** A type of any catalog. */
    public static Optional<Class<?>> anyCommandType(String type) {
        return owning(type).flatMap(catalog -> catalog.commandType(type));
    }

    /**
     * Whether a type's answer is a secret of its requester's (a deprovision confirmation code): its envelope must
     * carry a reply key, and the answer travels and rests only sealed to it.
     */
    public static boolean answersInConfidence(String type) {
        return ANSWERED_IN_CONFIDENCE.contains(type);
    }

    /** Every public command name. */
    public static Set<String> allNames() {
        return ALL.stream().flatMap(catalog -> catalog.commands.keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The one wording of this refusal, for clients that check before sending. */
    public static String unknownToAll(String type) {
        return "unknown command type '" + type + "' (known: " + String.join(", ", allNames()) + ")";
    }

    public Optional<Class<?>> commandType(String type) {
        return Optional.ofNullable(commands.get(type));
    }

    public Set<String> names() {
        return new TreeSet<>(commands.keySet());
    }

    public String topic(TopicNames topics) {
        return topic.apply(topics);
    }

    /**
     * Why this catalog's service does not take a type: it belongs on another topic (named), or nobody knows it.
     * The one wording of this refusal, for the intake's result.
     */
    public String unknownTypeReason(String type, TopicNames topics) {
        return owning(type).filter(other -> other != this)
                .map(other -> type + " is a " + other.kind + " command: send it to " + other.topic(topics)
                        + ", not " + topic(topics))
                .orElseGet(() -> "unknown " + kind + " command type '" + type + "' (known: "
                        + String.join(", ", names()) + ")");
    }

    @Override
    public String toString() {
        return kind + " commands";
    }
}
