package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** What another tentacle of the same enclave may do in a tentacle's schema: read its tables, or also change rows. */
public enum SchemaAccess {
    /** SELECT on the tables and sequences. */
    READ,
    /** SELECT, INSERT, UPDATE and DELETE on the tables; USAGE on the sequences. Never DDL: the schema stays its owner's. */
    WRITE;

    @JsonCreator
    public static SchemaAccess parse(String text) {
        return Arrays.stream(values())
                .filter(access -> access.label().equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a schema access: read or write"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
