package io.enclavesuite.command.enclave.membership;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.enclavesuite.api.access.Decision;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.command.enclave.lifecycle.EnclaveLimits;
import io.enclavesuite.write.caller.Caller;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Who belongs to an enclave and what its mode lets them do, an entity of the Enclave aggregate: the owner, the
 * members, the mode, and the decisions that change them. The enclave checks its own state and access through
 * {@link MembershipHost}. Fields are read by Jackson for the enclave's snapshots.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Membership {

    /** The actor of what Slack itself states about a channel (the gateway sends it). */
    static final String SLACK = "slack";

    private UserId owner;
    private Set<UserId> members = new HashSet<>();
    private Mode mode;
    /** Handed over by the enclave before each command; never stored. */
    @JsonIgnore
    private transient MembershipHost enclave;

    protected Membership() {
        // for Jackson: snapshots
    }

    public Membership(UserId owner, Mode mode) {
        this.owner = owner;
        this.mode = mode;
    }

    public void heldBy(MembershipHost enclave) {
        this.enclave = enclave;
    }

    public UserId owner() {
        return owner;
    }

    public boolean mayOwnTentacles(UserId user) {
        return user.equals(owner) || members.contains(user);
    }

    public EnclaveAccess access(EnclaveId id) {
        return new EnclaveAccess(id, owner, members, mode);
    }

    /** Owner first, then the members by id: who receives the enclave's receipt. */
    public List<UserId> receiptHolders() {
        List<UserId> holders = new ArrayList<>();
        holders.add(owner);
        members.stream().filter(member -> !member.equals(owner)).sorted(Comparator.comparing(UserId::value))
                .forEach(holders::add);
        return holders;
    }

    public void clear() {
        members.clear();
    }

    // ---- decisions ------------------------------------------------------------------------------------------

    /** The member signed in themselves, or the owner adds them. */
    @CommandHandler
    void handle(RegisterMember command, Caller caller, Clock clock, EnclaveLimits limits) {
        enclave.requireExisting();
        UserId member = command.member();
        Optional<UserId> who = caller.user();
        if (!who.equals(Optional.of(member)) && !who.equals(Optional.of(owner))) {
            enclave.check(new Decision.Denied("only " + member + " (by signing in) or the enclave owner (" + owner
                    + ") may register " + member + " in enclave '" + enclave.id() + "'"), caller, clock);
        }
        if (member.equals(owner)) {
            throw new MembershipConflict(member + " owns enclave '" + enclave.id() + "' already");
        }
        if (members.contains(member)) {
            return; // a repeated sign-in changes nothing
        }
        if (members.size() >= limits.maxMembers()) {
            throw new MembershipConflict("enclave '" + enclave.id() + "' has reached its limit of "
                    + limits.maxMembers() + " members");
        }
        apply(new MemberRegistered(enclave.id(), member, clock.instant()));
    }

    /**
     * A member leaving (or removed by the owner) hands each of their tentacles to the owner, one event each. Slack
     * itself removes a member for a channel reason (they left, or the drift check found them gone): the intake lets
     * only the principal that speaks for Slack state that, so the actor {@value #SLACK} is believed here.
     */
    @CommandHandler
    void handle(RemoveMember command, Caller caller, Clock clock) {
        enclave.requireExisting();
        UserId member = command.member();
        Optional<UserId> who = caller.user();
        boolean byOwner = who.equals(Optional.of(owner));
        boolean slackSaysSo = command.statesAChannelFact() && SLACK.equals(caller.actor());
        if (!slackSaysSo && !who.equals(Optional.of(member)) && !byOwner) {
            enclave.check(new Decision.Denied("only " + member + " (by leaving the channel) or the enclave owner ("
                    + owner + ") may remove " + member + " from enclave '" + enclave.id() + "'"), caller, clock);
        }
        if (command.reason() == MemberRemovalReason.REMOVED_BY_OWNER && !byOwner && !caller.overriding()) {
            throw new MembershipConflict("only the enclave owner (" + owner + ") removes a member with reason "
                    + MemberRemovalReason.REMOVED_BY_OWNER.label());
        }
        if (member.equals(owner)) {
            throw new MembershipConflict(member + " owns enclave '" + enclave.id()
                    + "': transfer the ownership first");
        }
        if (!members.contains(member)) {
            return; // leaving a channel one never signed in from changes nothing
        }
        Instant now = clock.instant();
        apply(new MemberRemoved(enclave.id(), member, now, command.reason()));
        for (TentacleName tentacle : enclave.tentaclesOwnedBy(member)) {
            apply(new TentacleOwnershipTransferred(enclave.id(), tentacle, member, owner,
                    OwnershipTransferReason.MEMBER_LEFT, now));
        }
    }

    @CommandHandler
    void handle(TransferOwnership command, Caller caller, Clock clock) {
        enclave.requireExisting();
        enclave.require(Operation.TRANSFER_OWNERSHIP, caller, clock);
        if (command.newOwner().equals(owner)) {
            return;
        }
        if (!members.contains(command.newOwner())) {
            throw new MembershipConflict(command.newOwner() + " is not a member of enclave '" + enclave.id()
                    + "': ownership passes only to a current member");
        }
        apply(new EnclaveOwnershipTransferred(enclave.id(), owner, command.newOwner(), clock.instant()));
    }

    @CommandHandler
    void handle(SetEnclaveMode command, Caller caller, Clock clock) {
        enclave.requireExisting();
        enclave.require(Operation.SET_ENCLAVE_MODE, caller, clock);
        if (!command.mode().equals(mode)) {
            apply(new EnclaveModeChanged(enclave.id(), mode, command.mode(), clock.instant()));
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------

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

    /** The same state: Axon's fixtures compare the state a command left with the state its events rebuild. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Membership that && owner.equals(that.owner) && members.equals(that.members)
                && mode.equals(that.mode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, members, mode);
    }
}
