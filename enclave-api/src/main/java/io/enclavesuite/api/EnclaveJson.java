package io.enclavesuite.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON shape of messages on the wire: ISO-8601 instants, unknown fields refused (a misspelt field must
 * not silently become a default), so senders and services agree.
 */
public final class EnclaveJson {

    // One instance: a mapper caches the (de)serializers it builds, and building them is most of what a new mapper
    // costs — made per command, it was a fifth of the Kafka intake's CPU (docs/benchmarks.md).
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Shared and thread-safe; do not reconfigure it — {@code mapper().copy()} gives one to change. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private EnclaveJson() {
    }
}
