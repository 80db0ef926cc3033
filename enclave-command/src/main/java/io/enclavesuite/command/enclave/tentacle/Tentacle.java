package io.enclavesuite.command.enclave.tentacle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ChownTentacle;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.FailTentacleWorkload;
import io.enclavesuite.api.tentacle.GrantSchemaAccess;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RevokeSchemaAccess;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
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
import io.enclavesuite.command.enclave.membership.MembershipConflict;
import io.enclavesuite.write.caller.Caller;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.EntityId;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One tentacle of an enclave, an entity of the Enclave aggregate: its spec (kept because an update merges into it),
 * mode, owner, run count and the schema grants it gave, and the decisions about it. Axon routes a tentacle command
 * here by its {@code tentacle}; the enclave has checked its own state and that the tentacle exists before (see
 * {@link #addressedBy}), and answers through {@link TentacleHost} what a tentacle cannot know alone. Fields are read
 * by Jackson for the enclave's snapshots.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Tentacle {

    @EntityId(routingKey = "tentacle")
    private TentacleName name;
    private UserId owner;
    private Mode mode;
    private ContainerImage image;
    private CronSchedule schedule;
    private List<Dependency> dependencies;
    private int runs;
    /** Which schema, role and storage prefix it uses ({@link TentacleDataGenerations}). */
    private int dataGeneration;
    /** The other tentacles that may use this one's schema, and how: what grants and revocations decide on. */
    private Map<TentacleName, SchemaAccess> grants = new HashMap<>();
    /** Handed over by the enclave before each command; never stored. */
    @JsonIgnore
    private transient TentacleHost enclave;

    protected Tentacle() {
        // for Jackson: snapshots
    }

    public Tentacle(TentacleDeployed deployed) {
        this.name = deployed.tentacle();
        this.owner = deployed.owner();
        this.mode = deployed.mode();
        this.image = deployed.image();
        this.schedule = deployed.schedule();
        this.dependencies = deployed.dependencies();
        this.dataGeneration = TentacleDataGenerations.generationOf(deployed.dataGeneration());
    }

    /**
     * A command this entity handles, the tentacle it names, and the work it adds (for the enclave's "cannot … until
     * it is unfrozen"), or null for one that adds none. A workload failure comes from the saga: it records a fact.
     */
    public record Addressed(TentacleName tentacle, String addsWork, boolean fromSaga) {
    }

    public static Optional<Addressed> addressedBy(Object command) {
        if (command instanceof UpdateTentacle update) {
            return Optional.of(new Addressed(update.tentacle(), "update tentacles", false));
        } else if (command instanceof RunTentacle run) {
            return Optional.of(new Addressed(run.tentacle(), "run tentacles", false));
        } else if (command instanceof GrantSchemaAccess grant) {
            return Optional.of(new Addressed(grant.tentacle(), "share schemas", false));
        } else if (command instanceof RemoveTentacle remove) {
            return Optional.of(new Addressed(remove.tentacle(), null, false));
        } else if (command instanceof SetTentacleMode setMode) {
            return Optional.of(new Addressed(setMode.tentacle(), null, false));
        } else if (command instanceof ChownTentacle chown) {
            return Optional.of(new Addressed(chown.tentacle(), null, false));
        } else if (command instanceof RevokeSchemaAccess revoke) {
            return Optional.of(new Addressed(revoke.tentacle(), null, false));
        } else if (command instanceof FailTentacleWorkload fail) {
            return Optional.of(new Addressed(fail.tentacle(), null, true));
        }
        return Optional.empty();
    }

    public void heldBy(TentacleHost enclave) {
        this.enclave = enclave;
    }

    public TentacleName name() {
        return name;
    }

    public UserId owner() {
        return owner;
    }

    public int dataGeneration() {
        return dataGeneration;
    }

    TentacleAccess access() {
        return new TentacleAccess(name, owner, mode);
    }

    // ---- decisions ------------------------------------------------------------------------------------------

    @CommandHandler
    void handle(UpdateTentacle command, Caller caller, Clock clock) {
        enclave.require(Operation.UPDATE_TENTACLE, caller, access(), clock);
        var newImage = command.image() == null ? image : command.image();
        var newDependencies = command.dependencies() == null ? dependencies : command.dependencies();
        if (command.schedule() != null && schedule == null) {
            throw new TentacleConflict("tentacle '" + name + "' runs continuously; to schedule it, "
                    + "remove it and deploy it again with a schedule");
        }
        var newSchedule = command.schedule() == null ? schedule : command.schedule();
        if (newImage.equals(image) && newDependencies.equals(dependencies) && Objects.equals(newSchedule, schedule)) {
            return; // nothing changes
        }
        apply(new TentacleUpdated(enclave.id(), name, newImage, newSchedule, newDependencies, clock.instant()));
        if (!newDependencies.contains(Dependency.POSTGRES)) {
            revokeGrantsInvolving(List.copyOf(enclave.tentacles()), clock.instant());
        }
    }

    /**
     * Allowed while frozen: removing takes work away, it adds none. Its data stays for the grace period, kept for
     * its owner now (and the enclave owner), whoever deploys the name next.
     */
    @CommandHandler
    void handle(RemoveTentacle command, Caller caller, Clock clock) {
        enclave.require(Operation.REMOVE_TENTACLE, caller, access(), clock);
        List<Tentacle> before = List.copyOf(enclave.tentacles()); // this one's grants go too
        apply(new TentacleRemoved(enclave.id(), name, clock.instant(), dataGeneration, owner));
        revokeGrantsInvolving(before, clock.instant());
    }

    @CommandHandler
    void handle(RunTentacle command, Caller caller, Clock clock) {
        enclave.require(Operation.RUN_TENTACLE, caller, access(), clock);
        if (schedule == null) {
            throw new TentacleConflict("tentacle '" + name + "' runs continuously; only a scheduled "
                    + "tentacle can be run on demand");
        }
        apply(new TentacleRunRequested(enclave.id(), name, runs + 1, clock.instant()));
    }

    @CommandHandler
    void handle(SetTentacleMode command, Caller caller, Clock clock) {
        enclave.require(Operation.SET_TENTACLE_MODE, caller, access(), clock);
        if (!command.mode().equals(mode)) {
            apply(new TentacleModeChanged(enclave.id(), name, mode, command.mode(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(ChownTentacle command, Caller caller, Clock clock) {
        enclave.require(Operation.CHOWN_TENTACLE, caller, access(), clock);
        UserId newOwner = command.newOwner();
        if (!enclave.mayOwnTentacles(newOwner)) {
            throw new MembershipConflict(newOwner
                    + " is not a member of enclave '" + enclave.id()
                    + "': a tentacle passes only to a member or the enclave owner");
        }
        if (!newOwner.equals(owner)) {
            apply(new TentacleOwnershipTransferred(enclave.id(), name, owner, newOwner,
                    OwnershipTransferReason.CHOWN, clock.instant()));
        }
    }

    /**
     * Sharing adds no work, but changes what a workload may reach: not while frozen or provisioning. Both tentacles
     * must keep their data in PostgreSQL; granting what is already granted records nothing.
     */
    @CommandHandler
    void handle(GrantSchemaAccess command, Caller caller, Clock clock) {
        enclave.require(Operation.SHARE_SCHEMA, caller, access(), clock);
        Tentacle grantee = enclave.tentacle(command.grantee());
        for (Tentacle side : List.of(this, grantee)) {
            if (!side.dependencies.contains(Dependency.POSTGRES)) {
                throw new TentacleConflict("tentacle '" + side.name + "' does not declare postgres: it has no "
                        + "schema to share or to be given");
            }
        }
        if (command.access() != grants.get(grantee.name)) {
            apply(new SchemaAccessGranted(enclave.id(), name, grantee.name, command.access(), clock.instant(),
                    grantee.dataGeneration));
        }
    }

    /** Taking access away is allowed while frozen, like removing a tentacle. */
    @CommandHandler
    void handle(RevokeSchemaAccess command, Caller caller, Clock clock) {
        enclave.require(Operation.SHARE_SCHEMA, caller, access(), clock);
        if (grants.containsKey(command.grantee())) {
            apply(new SchemaAccessRevoked(enclave.id(), name, command.grantee(), clock.instant()));
        }
    }

    /** From the tentacle saga, for a tentacle that still exists in an enclave not being torn down. */
    @CommandHandler
    void handle(FailTentacleWorkload command, Clock clock) {
        apply(new TentacleWorkloadFailed(enclave.id(), name, command.reason(), clock.instant()));
    }

    /** A tentacle removed, or no longer in PostgreSQL, takes every grant it gave or was given along. */
    private void revokeGrantsInvolving(List<Tentacle> givers, Instant at) {
        for (Tentacle giver : givers) {
            for (TentacleName grantee : List.copyOf(giver.grants.keySet())) {
                if (giver.name.equals(name) || grantee.equals(name)) {
                    apply(new SchemaAccessRevoked(enclave.id(), giver.name, grantee, at));
                }
            }
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(TentacleUpdated event) {
        image = event.image();
        schedule = event.schedule();
        dependencies = event.dependencies();
    }

    @EventSourcingHandler
    void on(TentacleRunRequested event) {
        runs = event.run();
    }

    @EventSourcingHandler
    void on(TentacleModeChanged event) {
        mode = event.mode();
    }

    @EventSourcingHandler
    void on(TentacleOwnershipTransferred event) {
        owner = event.newOwner();
    }

    @EventSourcingHandler
    void on(SchemaAccessGranted event) {
        grants.put(event.grantee(), event.access());
    }

    @EventSourcingHandler
    void on(SchemaAccessRevoked event) {
        grants.remove(event.grantee());
    }

    /** The same state: Axon's fixtures compare the state a command left with the state its events rebuild. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tentacle that && name.equals(that.name) && owner.equals(that.owner)
                && mode.equals(that.mode) && image.equals(that.image) && Objects.equals(schedule, that.schedule)
                && dependencies.equals(that.dependencies) && runs == that.runs && grants.equals(that.grants)
                && dataGeneration == that.dataGeneration;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, owner, mode, image, schedule, dependencies, runs, grants, dataGeneration);
    }
}
