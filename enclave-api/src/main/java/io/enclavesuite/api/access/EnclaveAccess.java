package io.enclavesuite.api.access;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The permission rules of a team enclave, in one place for the write side (deploy, run, …) and the read side
 * (who may see what):
 * <ul>
 *   <li>the enclave's owner is superuser inside it: every operation is allowed;</li>
 *   <li>otherwise a mode operation needs its bit in the enclave's mode for the caller's role, and for a tentacle
 *       also in the tentacle's mode — where the tentacle's owner reads the owner triad, other members of the
 *       enclave the member triad and everyone else the other triad;</li>
 *   <li>a tentacle's mode and owner change only by its owner; the enclave's mode, ownership, freeze and
 *       deprovisioning only by the enclave's owner.</li>
 * </ul>
 * Callers that are not Slack users (service principals) are {@link Role#OTHER}.
 */
public record EnclaveAccess(EnclaveId enclave, UserId owner, Set<UserId> members, Mode mode) {

    public EnclaveAccess {
        Objects.requireNonNull(enclave, "enclave");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(mode, "mode");
        members = Set.copyOf(members);
    }

    public Role roleOf(UserId actor) {
        if (owner.equals(actor)) {
            return Role.OWNER;
        }
        return members.contains(actor) ? Role.MEMBER : Role.OTHER;
    }

    public Decision decide(Optional<UserId> actor, Operation operation) {
        if (operation.onTentacle()) {
            throw new IllegalArgumentException(operation + " acts on a tentacle: name it");
        }
        return decide(actor, operation, null);
    }

    /** @param tentacle the tentacle acted on; required for tentacle operations */
    public Decision decide(Optional<UserId> actor, Operation operation, TentacleAccess tentacle) {
        if (operation.onTentacle() && tentacle == null) {
            throw new IllegalArgumentException(operation + " acts on a tentacle: name it");
        }
        Role role = actor.map(this::roleOf).orElse(Role.OTHER);
        if (role == Role.OWNER) {
            return Decision.ALLOWED;
        }
        String who = actor.map(UserId::value).orElse("this caller");
        return switch (operation.authority()) {
            case ENCLAVE_OWNER -> new Decision.Denied("only the owner of enclave '" + enclave + "' (" + owner
                    + ") may " + operation.description());
            case TENTACLE_OWNER -> actor.filter(user -> user.equals(tentacle.owner())).isPresent()
                    ? Decision.ALLOWED
                    : new Decision.Denied("only the owner of tentacle '" + tentacle.name() + "' (" + tentacle.owner()
                            + ") or of enclave '" + enclave + "' (" + owner + ") may " + operation.description());
            case MODE -> byModes(who, actor, role, operation, tentacle);
        };
    }

    private Decision byModes(String who, Optional<UserId> actor, Role role, Operation operation, TentacleAccess tentacle) {
        Bit bit = operation.bit();
        String what = tentacle == null
                ? operation.description() + " enclave '" + enclave + "'"
                : operation.description() + " tentacle '" + tentacle.name() + "' of enclave '" + enclave + "'";
        if (!has(mode, role, bit)) {
            return new Decision.Denied(who + " may not " + what + ": enclave layer, mode " + mode + " gives "
                    + label(role, "enclave") + " no '" + bit.letter() + "'");
        }
        if (tentacle == null) {
            return Decision.ALLOWED;
        }
        Role tentacleRole = actor.filter(user -> user.equals(tentacle.owner())).isPresent() ? Role.OWNER : role;
        if (!has(tentacle.mode(), tentacleRole, bit)) {
            return new Decision.Denied(who + " may not " + what + ": tentacle layer, mode " + tentacle.mode()
                    + " gives " + label(tentacleRole, "tentacle") + " no '" + bit.letter() + "'");
        }
        return Decision.ALLOWED;
    }

    static boolean has(Mode mode, Role role, Bit bit) {
        return mode.bits().charAt(role.ordinal() * 3 + bit.offset()) == bit.letter();
    }

    private static String label(Role role, String layer) {
        return switch (role) {
            case OWNER -> "the " + layer + "'s owner";
            case MEMBER -> "members";
            case OTHER -> "others";
        };
    }
}
