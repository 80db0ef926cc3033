package io.enclavesuite.command.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.access.Decision;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.DeprovisionCode;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveAccessOverridden;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FailProvisioning;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.IssueEnclaveReceipt;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.RenameChannel;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.api.tentacle.ChownTentacle;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.FailTentacleWorkload;
import io.enclavesuite.api.tentacle.GrantSchemaAccess;
import io.enclavesuite.api.tentacle.RevokeSchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.SetTentacleMode;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.api.tentacle.UpdateTentacle;
import io.enclavesuite.write.caller.Caller;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A team enclave's write model: lifecycle, membership, modes and tentacles — the state its decisions need and
 * nothing else (images and schedules are kept only because an update merges into them).
 * <p>
 * The {@link Caller} is the {@code actor} metadata the intake sets from the verified envelope; a caller that is not a
 * Slack user (a service principal) counts as "other". An operator's stated reason lifts an access denial — never a
 * state check — and is recorded as {@link EnclaveAccessOverridden}. Channel facts reported by the Slack gateway — a rename, an archive,
 * a member leaving — are recorded whoever reports them, because Slack already decided them. Time comes from an
 * injected {@link Clock}, so fixtures pin it. Fields are read by Jackson for snapshots.
 */
@Aggregate(snapshotTriggerDefinition = "enclaveSnapshotTrigger", cache = "enclaveCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Enclave {

    /** The kind a team enclave's receipt names. */
    public static final String RECEIPT_KIND = "team";

    @AggregateIdentifier
    private EnclaveId id;
    private EnclaveStatus status;
    private ChannelRef channel;
    private UserId owner;
    private Set<UserId> members = new HashSet<>();
    private Mode mode;
    private FreezeReason frozenFor;
    private String deprovisionCodeHash;
    private Instant deprovisionCodeExpiresAt;
    private Map<String, TentacleState> tentacles = new HashMap<>();
    /** Owner and members when it was deprovisioned: who receives its receipt. */
    private List<UserId> receiptHolders = new ArrayList<>();
    private boolean receiptIssued;
    /** Per tentacle, the other tentacles that may use its schema, and how: what grants and revocations decide on. */
    private Map<String, Map<String, SchemaAccess>> schemaGrants = new HashMap<>();
    /** Whether each shared service was last recorded ready: the sagas report often, only a change is an event. */
    private Map<Dependency, Boolean> servicesReady = new EnumMap<>(Dependency.class);

    protected Enclave() {
        // for Axon: state is rebuilt from events
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    /** Creates the enclave, or starts it again after a provisioning that gave up. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ProvisionEnclave command, Clock clock) {
        if (status == EnclaveStatus.DEPROVISIONED || status == EnclaveStatus.DEPROVISIONING) {
            throw gone(command.enclaveId());
        }
        if (status != null && status != EnclaveStatus.FAILED) {
            throw new EnclaveAlreadyExists(command.enclaveId(), status);
        }
        apply(new EnclaveProvisioningStarted(command.enclaveId(), command.channel(), command.owner(),
                command.quota(), command.defaultMode(), command.enclaveId().namespace(), clock.instant()));
    }

    /** Idempotent for the saga: completing an enclave that is already active changes nothing. */
    @CommandHandler
    void handle(CompleteProvisioning command, Clock clock) {
        if (status == EnclaveStatus.ACTIVE) {
            return;
        }
        if (status != EnclaveStatus.PROVISIONING) {
            throw new EnclaveNotProvisioning(id, status);
        }
        apply(new EnclaveActivated(id, command.namespace(), clock.instant()));
    }

    @CommandHandler
    void handle(FailProvisioning command, Clock clock) {
        if (status != EnclaveStatus.PROVISIONING) {
            throw new EnclaveNotProvisioning(id, status);
        }
        apply(new EnclaveProvisioningFailed(id, command.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(RenameChannel command, Clock clock) {
        requireExisting();
        if (!channel.name().equals(command.channelName())) {
            apply(new ChannelRenamed(id, channel.id(), channel.name(), command.channelName(), clock.instant()));
        }
    }

    /** Archiving the channel freezes whoever archived it; an owner's own freeze needs the owner. */
    @CommandHandler
    void handle(FreezeEnclave command, Caller caller, Clock clock) {
        requireExisting();
        if (command.reason() == FreezeReason.OWNER_REQUEST) {
            require(Operation.FREEZE, caller, clock);
        }
        if (status == EnclaveStatus.FROZEN) {
            if (frozenFor == command.reason() || frozenFor == FreezeReason.CHANNEL_ARCHIVED) {
                return; // already frozen, for this reason or the stronger one
            }
        } else if (status != EnclaveStatus.ACTIVE) {
            throw new EnclaveStateConflict("enclave '" + id + "' is " + label(status) + "; only an active enclave "
                    + "can be frozen");
        }
        apply(new EnclaveFrozen(id, command.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(UnfreezeEnclave command, Caller caller, Clock clock) {
        requireExisting();
        if (command.reason() == FreezeReason.OWNER_REQUEST) {
            require(Operation.FREEZE, caller, clock);
        }
        if (status != EnclaveStatus.FROZEN) {
            return; // unarchiving a channel whose enclave is not frozen changes nothing
        }
        if (frozenFor == FreezeReason.CHANNEL_ARCHIVED && command.reason() != FreezeReason.CHANNEL_ARCHIVED) {
            throw new EnclaveStateConflict("enclave '" + id + "' is frozen because its channel is archived; "
                    + "unarchive the channel to unfreeze it");
        }
        apply(new EnclaveUnfrozen(id, command.reason(), clock.instant()));
    }

    /** Answers the code only the requesting owner sees; the event keeps its hash. */
    @CommandHandler
    DeprovisionCode handle(RequestDeprovision command, Caller caller,
                           Clock clock, ConfirmationCodes codes, EnclaveLimits limits) {
        requireNotGone(); // a failed enclave may be deprovisioned too: it frees the channel
        require(Operation.DEPROVISION, caller, clock);
        if (status == EnclaveStatus.PROVISIONING) {
            throw new EnclaveStateConflict("enclave '" + id + "' is still being provisioned; deprovision it once "
                    + "it is active or provisioning has failed");
        }
        String code = codes.next();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(limits.deprovisionCodeValidity());
        apply(new DeprovisionRequested(id, owner, codes.hash(id, code), expiresAt, now));
        return new DeprovisionCode(code, expiresAt);
    }

    @CommandHandler
    void handle(ConfirmDeprovision command, Caller caller, Clock clock,
                ConfirmationCodes codes) {
        requireNotGone();
        require(Operation.DEPROVISION, caller, clock);
        Instant now = clock.instant();
        if (deprovisionCodeHash == null) {
            throw new ConfirmationRefused("no deprovision was requested for enclave '" + id
                    + "': ask for a confirmation code first");
        }
        if (!now.isBefore(deprovisionCodeExpiresAt)) {
            throw new ConfirmationRefused("the confirmation code for enclave '" + id + "' expired at "
                    + deprovisionCodeExpiresAt + "; ask for a new one");
        }
        if (!codes.matches(id, deprovisionCodeHash, command.confirmationCode())) {
            throw new ConfirmationRefused("wrong confirmation code for enclave '" + id + "'");
        }
        apply(new EnclaveDeprovisioningStarted(id, caller.user().orElseThrow(), id.namespace(), now));
    }

    /** Idempotent for the saga. */
    @CommandHandler
    void handle(CompleteDeprovisioning command, Clock clock) {
        if (status == EnclaveStatus.DEPROVISIONED) {
            return;
        }
        if (status != EnclaveStatus.DEPROVISIONING) {
            throw new EnclaveStateConflict("enclave '" + id + "' is " + label(status) + ", not being deprovisioned");
        }
        apply(new EnclaveDeprovisioned(id, owner, command.removed(), clock.instant()));
    }

    /**
     * From the receipt issuer, once the enclave is deprovisioned: the signed receipt, recorded once (a second one —
     * the deprovisioning delivered again — changes nothing). The one command a deprovisioned enclave still takes.
     */
    @CommandHandler
    void handle(IssueEnclaveReceipt command, Clock clock) {
        if (receiptIssued) {
            return;
        }
        if (status != EnclaveStatus.DEPROVISIONED) {
            throw new EnclaveStateConflict("enclave '" + id + "' is " + label(status)
                    + ": only a deprovisioned enclave gets a receipt");
        }
        apply(new ReceiptIssued(RECEIPT_KIND, id.value(), command.receiptId(),
                receiptHolders.stream().map(UserId::value).toList(), command.receipt(), clock.instant()));
    }

    // ---- membership and modes -------------------------------------------------------------------------------

    /** The member signed in themselves, or the owner adds them. */
    @CommandHandler
    void handle(RegisterMember command, Caller caller, Clock clock,
                EnclaveLimits limits) {
        requireExisting();
        UserId member = command.member();
        Optional<UserId> who = caller.user();
        if (!who.equals(Optional.of(member)) && !who.equals(Optional.of(owner))) {
            check(new Decision.Denied("only " + member + " (by signing in) or the enclave owner (" + owner
                    + ") may register " + member + " in enclave '" + id + "'"), caller, clock);
        }
        if (member.equals(owner)) {
            throw new MembershipConflict(member + " owns enclave '" + id + "' already");
        }
        if (members.contains(member)) {
            return; // a repeated sign-in changes nothing
        }
        if (members.size() >= limits.maxMembers()) {
            throw new MembershipConflict("enclave '" + id + "' has reached its limit of " + limits.maxMembers()
                    + " members");
        }
        apply(new MemberRegistered(id, member, clock.instant()));
    }

    /** A member leaving (or removed by the owner) hands each of their tentacles to the owner, one event each. */
    @CommandHandler
    void handle(RemoveMember command, Caller caller, Clock clock) {
        requireExisting();
        UserId member = command.member();
        Optional<UserId> who = caller.user();
        if (!who.equals(Optional.of(member)) && !who.equals(Optional.of(owner))) {
            check(new Decision.Denied("only " + member + " (by leaving the channel) or the enclave owner (" + owner
                    + ") may remove " + member + " from enclave '" + id + "'"), caller, clock);
        }
        if (member.equals(owner)) {
            throw new MembershipConflict(member + " owns enclave '" + id + "': transfer the ownership first");
        }
        if (!members.contains(member)) {
            return; // leaving a channel one never signed in from changes nothing
        }
        Instant now = clock.instant();
        apply(new MemberRemoved(id, member, now));
        tentacles.values().stream()
                .filter(tentacle -> tentacle.owner().equals(member))
                .sorted(Comparator.comparing(tentacle -> tentacle.name().value()))
                .toList()
                .forEach(tentacle -> apply(new TentacleOwnershipTransferred(id, tentacle.name(), member, owner,
                        OwnershipTransferReason.MEMBER_LEFT, now)));
    }

    @CommandHandler
    void handle(TransferOwnership command, Caller caller, Clock clock) {
        requireExisting();
        require(Operation.TRANSFER_OWNERSHIP, caller, clock);
        if (command.newOwner().equals(owner)) {
            return;
        }
        if (!members.contains(command.newOwner())) {
            throw new MembershipConflict(command.newOwner() + " is not a member of enclave '" + id
                    + "': ownership passes only to a current member");
        }
        apply(new EnclaveOwnershipTransferred(id, owner, command.newOwner(), clock.instant()));
    }

    @CommandHandler
    void handle(SetEnclaveMode command, Caller caller, Clock clock) {
        requireExisting();
        require(Operation.SET_ENCLAVE_MODE, caller, clock);
        if (!command.mode().equals(mode)) {
            apply(new EnclaveModeChanged(id, mode, command.mode(), clock.instant()));
        }
    }

    // ---- tentacles ------------------------------------------------------------------------------------------

    @CommandHandler
    void handle(DeployTentacle command, Caller caller, Clock clock,
                EnclaveLimits limits) {
        requireWorkable("deploy tentacles");
        require(Operation.DEPLOY_TENTACLE, caller, clock);
        if (tentacles.containsKey(command.tentacle().value())) {
            throw new TentacleConflict("enclave '" + id + "' already has a tentacle '" + command.tentacle()
                    + "': update it, or remove it first");
        }
        if (tentacles.size() >= limits.maxTentacles()) {
            throw new TentacleConflict("enclave '" + id + "' has reached its limit of " + limits.maxTentacles()
                    + " tentacles");
        }
        // require() passed, so the caller is a Slack user: the owner or a member
        apply(new TentacleDeployed(id, command.tentacle(), command.image(), command.schedule(),
                command.mode() == null ? mode : command.mode(), caller.user().orElseThrow(), command.dependencies(),
                clock.instant()));
    }

    @CommandHandler
    void handle(UpdateTentacle command, Caller caller, Clock clock) {
        requireWorkable("update tentacles");
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.UPDATE_TENTACLE, caller, tentacle, clock);
        var image = command.image() == null ? tentacle.image() : command.image();
        var dependencies = command.dependencies() == null ? tentacle.dependencies() : command.dependencies();
        if (command.schedule() != null && tentacle.schedule() == null) {
            throw new TentacleConflict("tentacle '" + tentacle.name() + "' runs continuously; to schedule it, "
                    + "remove it and deploy it again with a schedule");
        }
        var schedule = command.schedule() == null ? tentacle.schedule() : command.schedule();
        if (image.equals(tentacle.image()) && dependencies.equals(tentacle.dependencies())
                && Objects.equals(schedule, tentacle.schedule())) {
            return; // nothing changes
        }
        apply(new TentacleUpdated(id, tentacle.name(), image, schedule, dependencies, clock.instant()));
        if (!dependencies.contains(Dependency.POSTGRES)) {
            revokeGrantsInvolving(tentacle.name(), clock.instant());
        }
    }

    /** Allowed while frozen: removing takes work away, it adds none. */
    @CommandHandler
    void handle(RemoveTentacle command, Caller caller, Clock clock) {
        requireExisting();
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.REMOVE_TENTACLE, caller, tentacle, clock);
        apply(new TentacleRemoved(id, tentacle.name(), clock.instant()));
        revokeGrantsInvolving(tentacle.name(), clock.instant());
    }

    @CommandHandler
    void handle(RunTentacle command, Caller caller, Clock clock) {
        requireWorkable("run tentacles");
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.RUN_TENTACLE, caller, tentacle, clock);
        if (tentacle.schedule() == null) {
            throw new TentacleConflict("tentacle '" + tentacle.name() + "' runs continuously; only a scheduled "
                    + "tentacle can be run on demand");
        }
        apply(new TentacleRunRequested(id, tentacle.name(), tentacle.runs() + 1, clock.instant()));
    }

    @CommandHandler
    void handle(SetTentacleMode command, Caller caller, Clock clock) {
        requireExisting();
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.SET_TENTACLE_MODE, caller, tentacle, clock);
        if (!command.mode().equals(tentacle.mode())) {
            apply(new TentacleModeChanged(id, tentacle.name(), tentacle.mode(), command.mode(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(ChownTentacle command, Caller caller, Clock clock) {
        requireExisting();
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.CHOWN_TENTACLE, caller, tentacle, clock);
        UserId newOwner = command.newOwner();
        if (!newOwner.equals(owner) && !members.contains(newOwner)) {
            throw new MembershipConflict(newOwner + " is not a member of enclave '" + id
                    + "': a tentacle passes only to a member or the enclave owner");
        }
        if (!newOwner.equals(tentacle.owner())) {
            apply(new TentacleOwnershipTransferred(id, tentacle.name(), tentacle.owner(), newOwner,
                    OwnershipTransferReason.CHOWN, clock.instant()));
        }
    }

    /**
     * Sharing adds no work, but changes what a workload may reach: not while frozen or provisioning. Both tentacles
     * must keep their data in PostgreSQL; granting what is already granted records nothing.
     */
    @CommandHandler
    void handle(GrantSchemaAccess command, Caller caller, Clock clock) {
        requireWorkable("share schemas");
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.SHARE_SCHEMA, caller, tentacle, clock);
        TentacleState grantee = tentacle(command.grantee());
        for (TentacleState side : List.of(tentacle, grantee)) {
            if (!side.dependencies().contains(Dependency.POSTGRES)) {
                throw new TentacleConflict("tentacle '" + side.name() + "' does not declare postgres: it has no "
                        + "schema to share or to be given");
            }
        }
        if (command.access() != grantsOf(tentacle.name()).get(grantee.name().value())) {
            apply(new SchemaAccessGranted(id, tentacle.name(), grantee.name(), command.access(), clock.instant()));
        }
    }

    /** Taking access away is allowed while frozen, like removing a tentacle. */
    @CommandHandler
    void handle(RevokeSchemaAccess command, Caller caller, Clock clock) {
        requireExisting();
        TentacleState tentacle = tentacle(command.tentacle());
        require(Operation.SHARE_SCHEMA, caller, tentacle, clock);
        if (grantsOf(tentacle.name()).containsKey(command.grantee().value())) {
            apply(new SchemaAccessRevoked(id, tentacle.name(), command.grantee(), clock.instant()));
        }
    }

    private Map<String, SchemaAccess> grantsOf(TentacleName tentacle) {
        return schemaGrants.getOrDefault(tentacle.value(), Map.of());
    }

    /** A tentacle removed, or no longer in PostgreSQL, takes every grant it gave or was given along. */
    private void revokeGrantsInvolving(TentacleName tentacle, Instant at) {
        for (var granted : List.copyOf(schemaGrants.entrySet())) {
            for (String grantee : List.copyOf(granted.getValue().keySet())) {
                if (granted.getKey().equals(tentacle.value()) || grantee.equals(tentacle.value())) {
                    apply(new SchemaAccessRevoked(id, TentacleName.of(granted.getKey()), TentacleName.of(grantee), at));
                }
            }
        }
    }

    /** From the tentacle saga; a tentacle removed meanwhile needs no record of its failed workload. */
    @CommandHandler
    void handle(FailTentacleWorkload command, Clock clock) {
        if (status == EnclaveStatus.DEPROVISIONING || status == EnclaveStatus.DEPROVISIONED
                || !tentacles.containsKey(command.tentacle().value())) {
            return;
        }
        apply(new TentacleWorkloadFailed(id, command.tentacle(), command.reason(), clock.instant()));
    }

    // ---- shared services ------------------------------------------------------------------------------------

    /** From the sagas; repeated reports of the same state record nothing. */
    @CommandHandler
    void handle(RecordSharedServiceReady command, Clock clock) {
        if (reportsChange(command.service(), true)) {
            apply(new SharedServiceReady(id, command.service(), command.detail(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordSharedServiceFailure command, Clock clock) {
        if (reportsChange(command.service(), false)) {
            apply(new SharedServiceFailed(id, command.service(), command.reason(), clock.instant()));
        }
    }

    /** Reports that arrive after deprovisioning began describe services that are being taken down. */
    private boolean reportsChange(Dependency service, boolean ready) {
        return status != EnclaveStatus.DEPROVISIONING && status != EnclaveStatus.DEPROVISIONED
                && status != EnclaveStatus.FAILED && !Boolean.valueOf(ready).equals(servicesReady.get(service));
    }

    // ---- state ----------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(SchemaAccessGranted event) {
        schemaGrants.computeIfAbsent(event.tentacle().value(), name -> new HashMap<>())
                .put(event.grantee().value(), event.access());
    }

    @EventSourcingHandler
    void on(SchemaAccessRevoked event) {
        Map<String, SchemaAccess> grants = schemaGrants.get(event.tentacle().value());
        if (grants != null) {
            grants.remove(event.grantee().value());
            if (grants.isEmpty()) {
                schemaGrants.remove(event.tentacle().value());
            }
        }
    }

    @EventSourcingHandler
    void on(SharedServiceReady event) {
        servicesReady.put(event.service(), true);
    }

    @EventSourcingHandler
    void on(SharedServiceFailed event) {
        servicesReady.put(event.service(), false);
    }

    @EventSourcingHandler
    void on(EnclaveProvisioningStarted event) {
        id = event.enclaveId();
        status = EnclaveStatus.PROVISIONING;
        channel = event.channel();
        owner = event.owner();
        mode = event.defaultMode();
        members = new HashSet<>();
        tentacles = new HashMap<>();
        frozenFor = null;
        deprovisionCodeHash = null;
        deprovisionCodeExpiresAt = null;
    }

    @EventSourcingHandler
    void on(EnclaveActivated event) {
        status = EnclaveStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(EnclaveProvisioningFailed event) {
        status = EnclaveStatus.FAILED;
    }

    @EventSourcingHandler
    void on(ChannelRenamed event) {
        channel = new ChannelRef(channel.id(), event.name());
    }

    @EventSourcingHandler
    void on(EnclaveFrozen event) {
        status = EnclaveStatus.FROZEN;
        frozenFor = event.reason();
    }

    @EventSourcingHandler
    void on(EnclaveUnfrozen event) {
        status = EnclaveStatus.ACTIVE;
        frozenFor = null;
    }

    @EventSourcingHandler
    void on(DeprovisionRequested event) {
        deprovisionCodeHash = event.codeHash();
        deprovisionCodeExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(EnclaveDeprovisioningStarted event) {
        status = EnclaveStatus.DEPROVISIONING;
        deprovisionCodeHash = null;
        deprovisionCodeExpiresAt = null;
    }

    @EventSourcingHandler
    void on(EnclaveDeprovisioned event) {
        status = EnclaveStatus.DEPROVISIONED;
        receiptHolders = new ArrayList<>();
        receiptHolders.add(owner);
        members.stream().filter(member -> !member.equals(owner)).sorted(Comparator.comparing(UserId::value))
                .forEach(receiptHolders::add);
        tentacles.clear();
        members.clear();
    }

    @EventSourcingHandler
    void on(ReceiptIssued event) {
        receiptIssued = true;
    }

    @EventSourcingHandler
    void on(MemberRegistered event) {
        members.add(event.member());
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.member());
    }

    @EventSourcingHandler
    void on(EnclaveOwnershipTransferred event) {
        members.remove(event.newOwner());
        members.add(event.previousOwner());
        owner = event.newOwner();
    }

    @EventSourcingHandler
    void on(EnclaveModeChanged event) {
        mode = event.mode();
    }

    @EventSourcingHandler
    void on(TentacleDeployed event) {
        tentacles.put(event.tentacle().value(), new TentacleState(event.tentacle(), event.owner(), event.mode(),
                event.image(), event.schedule(), event.dependencies(), 0));
    }

    @EventSourcingHandler
    void on(TentacleUpdated event) {
        tentacles.computeIfPresent(event.tentacle().value(),
                (name, tentacle) -> tentacle.withSpec(event.image(), event.schedule(), event.dependencies()));
    }

    @EventSourcingHandler
    void on(TentacleRemoved event) {
        tentacles.remove(event.tentacle().value());
    }

    @EventSourcingHandler
    void on(TentacleRunRequested event) {
        tentacles.computeIfPresent(event.tentacle().value(), (name, tentacle) -> tentacle.withRuns(event.run()));
    }

    @EventSourcingHandler
    void on(TentacleModeChanged event) {
        tentacles.computeIfPresent(event.tentacle().value(), (name, tentacle) -> tentacle.withMode(event.mode()));
    }

    @EventSourcingHandler
    void on(TentacleOwnershipTransferred event) {
        tentacles.computeIfPresent(event.tentacle().value(),
                (name, tentacle) -> tentacle.withOwner(event.newOwner()));
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    /** Everything but provisioning commands needs an enclave that was provisioned and is not being torn down. */
    private void requireExisting() {
        requireNotGone();
        if (status == EnclaveStatus.FAILED) {
            throw new EnclaveStateConflict("enclave '" + id + "' failed to provision; provision it again first");
        }
    }

    private void requireNotGone() {
        if (status == EnclaveStatus.DEPROVISIONED || status == EnclaveStatus.DEPROVISIONING) {
            throw gone(id);
        }
    }

    /** Deploy, update and run add work: not while frozen, not before the namespace exists. */
    private void requireWorkable(String action) {
        requireExisting();
        if (status == EnclaveStatus.FROZEN) {
            throw new EnclaveStateConflict("enclave '" + id + "' is frozen (" + frozenFor.label() + "): cannot "
                    + action + " until it is unfrozen");
        }
        if (status == EnclaveStatus.PROVISIONING) {
            throw new EnclaveStateConflict("enclave '" + id + "' is still being provisioned: cannot " + action
                    + " yet");
        }
    }

    private TentacleState tentacle(TentacleName name) {
        TentacleState tentacle = tentacles.get(name.value());
        if (tentacle == null) {
            throw new TentacleConflict("enclave '" + id + "' has no tentacle '" + name + "'");
        }
        return tentacle;
    }

    private void require(Operation operation, Caller caller, Clock clock) {
        check(access().decide(caller.user(), operation), caller, clock);
    }

    private void require(Operation operation, Caller caller, TentacleState tentacle, Clock clock) {
        check(access().decide(caller.user(), operation, tentacle.access()), caller, clock);
    }

    /**
     * A denial stands unless an operator stated a reason to override it (the intake lets only an operator principal
     * state one): then it is lifted, and the lifting is recorded for the owner to see. Only access is overridden;
     * every check of the enclave's state still holds.
     */
    private void check(Decision decision, Caller caller, Clock clock) {
        if (decision instanceof Decision.Denied denied) {
            if (!caller.overriding()) {
                throw new AccessDenied(denied.reason());
            }
            apply(new EnclaveAccessOverridden(id, caller.user().orElseThrow(), caller.principal(), caller.command(),
                    denied.reason(), caller.operatorReason(), owner, clock.instant()));
        }
    }

    private EnclaveAccess access() {
        return new EnclaveAccess(id, owner, members, mode);
    }

    private static EnclaveStateConflict gone(EnclaveId id) {
        return new EnclaveStateConflict("enclave '" + id + "' has been deprovisioned; that cannot be undone, and "
                + "it takes no more commands");
    }

    private static String label(EnclaveStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
