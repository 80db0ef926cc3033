package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Someone whose invitations a person's agent accepts without review, for the intents named (an intent is a room
 * type, {@code meeting-sync}) — at every autonomy level but none.
 */
public record TrustedIdentity(UserId person, List<CoordinationType> intents) {

    public TrustedIdentity {
        Objects.requireNonNull(person, "person is required");
        if (intents == null || intents.isEmpty()) {
            throw new IllegalArgumentException("a trusted identity names at least one intent, e.g. meeting-sync");
        }
        intents = List.copyOf(new LinkedHashSet<>(intents));
    }

    public boolean covers(UserId initiator, CoordinationType intent) {
        return person.equals(initiator) && intents.contains(intent);
    }
}
