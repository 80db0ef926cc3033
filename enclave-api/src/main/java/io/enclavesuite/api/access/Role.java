package io.enclavesuite.api.access;

/** Who someone is to an enclave: its owner, a registered member, or anyone else. */
public enum Role {
    OWNER, MEMBER, OTHER
}
