package io.enclavesuite.api.access;

import java.util.Objects;

/** The outcome of an access check; a denial says which bit is missing in which layer, in words a person can act on. */
public sealed interface Decision {

    Decision ALLOWED = new Allowed();

    record Allowed() implements Decision {
    }

    record Denied(String reason) implements Decision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
