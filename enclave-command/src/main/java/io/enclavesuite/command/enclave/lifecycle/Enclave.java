package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.access.Decision;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.EnclaveAccessOverridden;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FailProvisioning;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.RenameChannel;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.command.enclave.membership.Membership;
import io.enclavesuite.command.enclave.services.ServiceReadiness;
import io.enclavesuite.command.enclave.membership.MembershipHost;
import io.enclavesuite.command.enclave.tentacle.Tentacle;
import io.enclavesuite.command.enclave.tentacle.TentacleConflict;
import io.enclavesuite.command.enclave.tentacle.TentacleDataGenerations;
import io.enclavesuite.command.enclave.tentacle.TentacleHost;
import io.enclavesuite.write.caller.Caller;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A team enclave's write model, the aggregate root: its lifecycle here, and as entities beside their features its
 * {@link Membership}, each {@link Tentacle}, the readiness of its shared services ({@link ServiceReadiness}) and its
 * {@link Deprovisioning} — the state its decisions need and nothing else.
 * <p>
 * The {@link Caller} is the {@code actor} metadata the intake sets from the verified envelope; a caller that is not a
 * Slack user (a service principal) counts as "other". An operator's stated reason lifts an access denial — never a
 * state check — and is recorded as {@link EnclaveAccessOverridden}. Channel facts reported by the Slack gateway — a
 * rename, an archive, a member leaving — are recorded whoever reports them, because Slack already decided them. Each
 * freeze stands until its own cause lifts it: an unarchive lifts only the archive's, the owner only their own. Time
 * comes from an injected {@link Clock}, so fixtures pin it. Fields are read by Jackson for snapshots; the revision
 * tells Axon to pass over snapshots of an earlier shape: those before the entities (their class name is gone too),
 * those before the tentacle data generations, which must be rebuilt from every removal ever recorded, and those that
 * held one freeze reason where the enclave now keeps each that stands.
 */
@Aggregate(snapshotTriggerDefinition = "enclaveSnapshotTrigger", cache = "enclaveCache")
@Revision("4")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Enclave implements MembershipHost, TentacleHost, ServiceReadiness.Host {

    /** The kind a team enclave's receipt names. */
    public static final String RECEIPT_KIND = "team";

    @AggregateIdentifier
    private EnclaveId id;
    private EnclaveStatus status;
    private ChannelRef channel;
    @AggregateMember
    private Membership membership;
    /** The freezes that stand: each is lifted only by its own cause, and the enclave is active when none stands. */
    private EnumSet<FreezeReason> frozenFor = EnumSet.noneOf(FreezeReason.class);
    @AggregateMember
    private Deprovisioning deprovisioning;
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private Map<TentacleName, Tentacle> tentacles = new HashMap<>();
    @AggregateMember
    private ServiceReadiness services = new ServiceReadiness();
    /** Which data each tentacle deployment uses, and what removed tentacles left for their keepers. */
    private TentacleDataGenerations tentacleData = new TentacleDataGenerations();
    @AggregateMember
    private DriftLedger drift = new DriftLedger();

    protected Enclave() {
        // for Axon: state is rebuilt from events
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    /** Creates the enclave, or starts it again after a provisioning that gave up. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ProvisionEnclave command, Clock clock) {
        requireNotGone(); // a new aggregate has no status yet; an existing one has this id
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

    /**
     * Archiving the channel freezes whoever archived it; an owner's own freeze needs the owner. A freeze for another
     * reason than the one that stands is recorded too, so that lifting the first leaves the enclave frozen.
     */
    @CommandHandler
    void handle(FreezeEnclave command, Caller caller, Clock clock) {
        requireExisting();
        if (command.reason() == FreezeReason.OWNER_REQUEST) {
            require(Operation.FREEZE, caller, clock);
        }
        if (frozenFor.contains(command.reason())) {
            return; // this freeze stands already
        }
        if (status != EnclaveStatus.ACTIVE && status != EnclaveStatus.FROZEN) {
            throw new EnclaveStateConflict("enclave '" + id + "' is " + EnclaveStateConflict.label(status) + "; only an active enclave "
                    + "can be frozen");
        }
        apply(new EnclaveFrozen(id, command.reason(), clock.instant()));
    }

    /**
     * Lifts one freeze: the enclave is active again only when no other stands. An unarchive of a channel whose
     * archive froze nothing (the enclave is active, or only its owner froze it) changes nothing; the owner asking to
     * lift a freeze of theirs that does not stand is told what does.
     */
    @CommandHandler
    void handle(UnfreezeEnclave command, Caller caller, Clock clock) {
        requireExisting();
        if (command.reason() == FreezeReason.OWNER_REQUEST) {
            require(Operation.FREEZE, caller, clock);
        }
        if (status != EnclaveStatus.FROZEN) {
            return;
        }
        if (!frozenFor.contains(command.reason())) {
            if (command.reason() == FreezeReason.CHANNEL_ARCHIVED) {
                return;
            }
            throw new EnclaveStateConflict("enclave '" + id + "' is frozen because its channel is archived; "
                    + "unarchive the channel to unfreeze it");
        }
        List<FreezeReason> standing = frozenFor.stream().filter(reason -> reason != command.reason()).toList();
        apply(standing.isEmpty() ? new EnclaveUnfrozen(id, command.reason(), clock.instant())
                : new FreezeReasonLifted(id, command.reason(), standing, clock.instant()));
    }

    /** Idempotent for the saga. */
    @CommandHandler
    void handle(CompleteDeprovisioning command, Clock clock) {
        if (status == EnclaveStatus.DEPROVISIONED) {
            return;
        }
        if (status != EnclaveStatus.DEPROVISIONING) {
            throw new EnclaveStateConflict("enclave '" + id + "' is " + EnclaveStateConflict.label(status) + ", not being deprovisioned");
        }
        apply(new EnclaveDeprovisioned(id, membership.owner(), command.removed(), clock.instant()));
    }

    // ---- membership and tentacles ---------------------------------------------------------------------------

    /**
     * A command one of its entities handles meets the enclave's checks first, in the order they always
     * ran: the enclave's state, then that the tentacle exists (Axon would answer a missing one with its own
     * exception). The entity is then handed this enclave to ask about access, members and its siblings.
     */
    @CommandHandlerInterceptor
    Object beforeEntityCommand(CommandMessage<?> message, InterceptorChain chain) throws Exception {
        if (membership != null) {
            membership.heldBy(this);
            deprovisioning.heldBy(this);
        }
        services.heldBy(this);
        drift.heldBy(this::id);
        var addressed = Tentacle.addressedBy(message.getPayload());
        if (addressed.isPresent()) {
            TentacleName name = addressed.get().tentacle();
            if (addressed.get().fromSaga()) {
                if (status == EnclaveStatus.DEPROVISIONING || status == EnclaveStatus.DEPROVISIONED
                        || !tentacles.containsKey(name)) {
                    return null; // a tentacle removed meanwhile needs no record of its failed workload
                }
            } else if (addressed.get().addsWork() != null) {
                requireWorkable(addressed.get().addsWork());
            } else {
                requireExisting();
            }
            tentacle(name).heldBy(this);
        }
        return chain.proceed();
    }

    @CommandHandler
    void handle(DeployTentacle command, Caller caller, Clock clock, EnclaveLimits limits) {
        requireWorkable("deploy tentacles");
        require(Operation.DEPLOY_TENTACLE, caller, clock);
        if (tentacles.containsKey(command.tentacle())) {
            throw new TentacleConflict("enclave '" + id + "' already has a tentacle '" + command.tentacle()
                    + "': update it, or remove it first");
        }
        if (tentacles.size() >= limits.maxTentacles()) {
            throw new TentacleConflict("enclave '" + id + "' has reached its limit of " + limits.maxTentacles()
                    + " tentacles");
        }
        // require() passed, so the caller is a Slack user: the owner or a member
        UserId deployer = caller.user().orElseThrow();
        var data = tentacleData.decide(command.tentacle(), deployer, membership.owner());
        apply(new TentacleDeployed(id, command.tentacle(), command.image(), command.schedule(),
                command.mode() == null ? membership.access(id).mode() : command.mode(), deployer,
                command.dependencies(), clock.instant(), data.dataGeneration(), data.deployment()));
    }

    // ---- state ----------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(EnclaveProvisioningStarted event) {
        id = event.enclaveId();
        status = EnclaveStatus.PROVISIONING;
        channel = event.channel();
        membership = new Membership(event.owner(), event.defaultMode());
        tentacles = new HashMap<>();
        tentacleData = new TentacleDataGenerations();
        deprovisioning = new Deprovisioning();
        frozenFor = EnumSet.noneOf(FreezeReason.class);
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
        frozenFor.add(event.reason());
    }

    @EventSourcingHandler
    void on(FreezeReasonLifted event) {
        frozenFor.remove(event.reason());
    }

    /** Every freeze ends: histories from before freezes were kept apart recorded this whichever ones stood. */
    @EventSourcingHandler
    void on(EnclaveUnfrozen event) {
        status = EnclaveStatus.ACTIVE;
        frozenFor.clear();
    }

    @EventSourcingHandler
    void on(EnclaveDeprovisioningStarted event) {
        status = EnclaveStatus.DEPROVISIONING;
    }

    @EventSourcingHandler
    void on(EnclaveDeprovisioned event) {
        status = EnclaveStatus.DEPROVISIONED;
        deprovisioning.receiptGoesTo(membership.receiptHolders());
        tentacles.clear();
        membership.clear();
    }

    @EventSourcingHandler
    void on(TentacleDeployed event) {
        tentacles.put(event.tentacle(), new Tentacle(event));
        tentacleData.deployed(event);
    }

    @EventSourcingHandler
    void on(TentacleRemoved event) {
        Tentacle removed = tentacles.remove(event.tentacle());
        tentacleData.removed(event, removed.dataGeneration(), removed.owner());
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    /** Everything but provisioning commands needs an enclave that was provisioned and is not being torn down. */
    @Override
    public void requireExisting() {
        requireNotGone();
        if (status == EnclaveStatus.FAILED) {
            throw new EnclaveStateConflict("enclave '" + id + "' failed to provision; provision it again first");
        }
    }

    void requireNotGone() {
        if (status == EnclaveStatus.DEPROVISIONED || status == EnclaveStatus.DEPROVISIONING) {
            throw EnclaveStateConflict.gone(id);
        }
    }

    /** Deploy, update and run add work: not while frozen, not before the namespace exists. */
    private void requireWorkable(String action) {
        requireExisting();
        if (status == EnclaveStatus.FROZEN) {
            String reasons = frozenFor.stream().map(FreezeReason::label).collect(Collectors.joining(", "));
            throw new EnclaveStateConflict("enclave '" + id + "' is frozen (" + reasons + "): cannot " + action
                    + " until it is unfrozen");
        }
        if (status == EnclaveStatus.PROVISIONING) {
            throw new EnclaveStateConflict("enclave '" + id + "' is still being provisioned: cannot " + action
                    + " yet");
        }
    }

    @Override
    public Tentacle tentacle(TentacleName name) {
        Tentacle tentacle = tentacles.get(name);
        if (tentacle == null) {
            throw new TentacleConflict("enclave '" + id + "' has no tentacle '" + name + "'");
        }
        return tentacle;
    }

    @Override
    public void require(Operation operation, Caller caller, Clock clock) {
        check(membership.access(id).decide(caller.user(), operation), caller, clock);
    }

    @Override
    public void require(Operation operation, Caller caller, TentacleAccess tentacle, Clock clock) {
        check(membership.access(id).decide(caller.user(), operation, tentacle), caller, clock);
    }

    /**
     * A denial stands unless an operator stated a reason to override it (the intake lets only an operator principal
     * state one): then it is lifted, and the lifting is recorded for the owner to see. Only access is overridden;
     * every check of the enclave's state still holds.
     */
    @Override
    public void check(Decision decision, Caller caller, Clock clock) {
        if (decision instanceof Decision.Denied denied) {
            if (!caller.overriding()) {
                throw new AccessDenied(denied.reason());
            }
            apply(new EnclaveAccessOverridden(id, caller.user().orElseThrow(), caller.principal(), caller.command(),
                    denied.reason(), caller.operatorReason(), membership.owner(), clock.instant()));
        }
    }

    @Override
    public EnclaveId id() {
        return id;
    }

    EnclaveStatus status() {
        return status;
    }

    Set<FreezeReason> frozenFor() {
        return Set.copyOf(frozenFor);
    }

    UserId owner() {
        return membership.owner();
    }

    @Override
    public boolean takesServiceReports() {
        return status != EnclaveStatus.DEPROVISIONING && status != EnclaveStatus.DEPROVISIONED
                && status != EnclaveStatus.FAILED;
    }

    @Override
    public boolean mayOwnTentacles(UserId user) {
        return membership.mayOwnTentacles(user);
    }

    @Override
    public Collection<Tentacle> tentacles() {
        return tentacles.values();
    }

    @Override
    public List<TentacleName> tentaclesOwnedBy(UserId member) {
        return tentacles.values().stream().filter(tentacle -> tentacle.owner().equals(member))
                .map(Tentacle::name).sorted(Comparator.comparing(TentacleName::value)).toList();
    }
}
