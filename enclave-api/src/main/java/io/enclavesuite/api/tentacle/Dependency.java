package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** A shared service a tentacle declares it needs; the enclave provides it (PostgreSQL schema, bucket prefix, …). */
public enum Dependency {
    POSTGRES, OBJECT_STORAGE, MESSAGING, IDENTITY;

    @JsonCreator
    public static Dependency parse(String text) {
        return Arrays.stream(values())
                .filter(d -> d.label().equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + text + "' is not a dependency: postgres, object-storage, messaging or identity"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
