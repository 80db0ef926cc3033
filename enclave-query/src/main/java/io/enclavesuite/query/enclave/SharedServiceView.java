package io.enclavesuite.query.enclave;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One shared service of an enclave as "enclave info" shows it: {@code available}, {@code failed} (with the reason
 * in {@code detail}), {@code pending} (being set up), {@code not requested} (messaging and identity until a
 * tentacle declares them) or {@code removed} (the enclave is deprovisioned).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SharedServiceView(String state, String detail, Instant since) {

    static final String AVAILABLE = "available";
    static final String FAILED = "failed";
    static final String PENDING = "pending";
    static final String NOT_REQUESTED = "not requested";
    static final String REMOVED = "removed";
}
