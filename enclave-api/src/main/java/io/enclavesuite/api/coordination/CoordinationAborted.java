package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code by} is who declined or withdrew, or whose agent policy refused. For {@link AbortReason#POLICY_REFUSED},
 * {@code detail} is the rule that refused ({@code level-none}, {@code inbound-rate-limit}, {@code weekly-budget}) and
 * {@code explanation} says why in words; {@code explanation} is null otherwise and in aborts recorded before it existed.
 */
@Revision("1")
public record CoordinationAborted(
        CoordinationId coordinationId,
        AbortReason reason,
        UserId by,
        String detail,
        Instant at,
        String explanation) {

    /** A decline or a withdrawal: {@code detail} is the reason the person gave, if any. */
    public CoordinationAborted(CoordinationId coordinationId, AbortReason reason, UserId by, String detail, Instant at) {
        this(coordinationId, reason, by, detail, at, null);
    }
}
