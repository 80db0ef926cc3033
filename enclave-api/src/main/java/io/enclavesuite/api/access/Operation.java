package io.enclavesuite.api.access;

/**
 * Everything someone can do in a team enclave, with the bit it needs. Operations on a tentacle pass two layers —
 * the enclave's mode, then the tentacle's; operations on the enclave itself only the first. Some are the owner's
 * alone, whatever the mode says. VIEW_TENTACLE covers a tentacle's details, status and logs.
 */
public enum Operation {
    VIEW_ENCLAVE("view", Bit.READ, false, Authority.MODE),
    LIST_TENTACLES("list the tentacles of", Bit.READ, false, Authority.MODE),
    VIEW_TENTACLE("view", Bit.READ, true, Authority.MODE),
    DEPLOY_TENTACLE("deploy tentacles in", Bit.WRITE, false, Authority.MODE),
    UPDATE_TENTACLE("update", Bit.WRITE, true, Authority.MODE),
    REMOVE_TENTACLE("remove", Bit.WRITE, true, Authority.MODE),
    RUN_TENTACLE("run", Bit.EXECUTE, true, Authority.MODE),
    SET_TENTACLE_MODE("change its mode", null, true, Authority.TENTACLE_OWNER),
    CHOWN_TENTACLE("change its owner", null, true, Authority.TENTACLE_OWNER),
    SHARE_SCHEMA("share its schema", null, true, Authority.TENTACLE_OWNER),
    SET_ENCLAVE_MODE("change its mode", null, false, Authority.ENCLAVE_OWNER),
    TRANSFER_OWNERSHIP("transfer it", null, false, Authority.ENCLAVE_OWNER),
    FREEZE("freeze or unfreeze it", null, false, Authority.ENCLAVE_OWNER),
    DEPROVISION("deprovision it", null, false, Authority.ENCLAVE_OWNER);

    /** Who decides whether the operation is allowed. */
    public enum Authority {
        /** the rwx bits of the enclave's mode, and of the tentacle's for tentacle operations */
        MODE,
        /** the tentacle's owner or the enclave's owner, whatever the modes say */
        TENTACLE_OWNER,
        /** the enclave's owner alone */
        ENCLAVE_OWNER
    }

    private final String description;
    private final Bit bit;
    private final boolean onTentacle;
    private final Authority authority;

    Operation(String description, Bit bit, boolean onTentacle, Authority authority) {
        this.description = description;
        this.bit = bit;
        this.onTentacle = onTentacle;
        this.authority = authority;
    }

    /** How a denial names the operation: "deploy tentacles in" enclave 'x', "run" tentacle 'y', "change its mode". */
    public String description() {
        return description;
    }

    /** The bit a {@link Authority#MODE} operation needs; null for owner-only operations. */
    public Bit bit() {
        return bit;
    }

    public boolean onTentacle() {
        return onTentacle;
    }

    public Authority authority() {
        return authority;
    }
}
