package io.enclavesuite.api.access;

import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;

import java.util.Objects;

/** What the second layer needs to know about a tentacle: its name for messages, its owner and its mode. */
public record TentacleAccess(TentacleName name, UserId owner, Mode mode) {

    public TentacleAccess {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(mode, "mode");
    }
}
