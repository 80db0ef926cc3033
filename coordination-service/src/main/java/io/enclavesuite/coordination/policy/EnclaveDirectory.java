package io.enclavesuite.coordination.policy;

import io.enclavesuite.api.enclave.UserId;

/**
 * What the coordination side knows of team enclaves: whether two people belong to (own or are members of) a common
 * enclave — the fact a "members of my enclaves" rule looks at. Kept from the team-enclave events.
 */
public interface EnclaveDirectory {

    boolean shareAnEnclave(UserId a, UserId b);
}
