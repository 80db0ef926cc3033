package io.enclavesuite.receipts.receipt;

import java.time.Instant;
import java.util.Optional;

/**
 * When a published receipt key may have signed, as the peer protocol has it: a key signs from {@code notBefore}
 * (if known) until it is retired; a retired key still verifies the receipts issued inside that window, and none
 * issued after; a revoked key (stolen, or signing what it should not) verifies nothing, whenever it was issued.
 * A receipt's issue time is its own {@code issuedAt}: someone holding a retired key can backdate, which is why a key
 * that may have left the issuer's hands is revoked, not retired.
 *
 * @param notBefore the first instant the key signed; null when unknown (no lower bound)
 * @param retiredAt the instant the key stopped signing; null for the current key
 * @param revoked   true when no receipt signed by the key is to be trusted
 */
public record KeyValidity(Instant notBefore, Instant retiredAt, boolean revoked) {

    /** A key with no window: the current key, as published before windows existed. */
    public static final KeyValidity CURRENT = new KeyValidity(null, null, false);

    public KeyValidity {
        if (notBefore != null && retiredAt != null && !retiredAt.isAfter(notBefore)) {
            throw new IllegalArgumentException("retiredAt (" + retiredAt + ") must come after notBefore ("
                    + notBefore + ")");
        }
    }

    /** Why a receipt issued at {@code issuedAt} is not to be trusted under this key, or empty when it may be. */
    public Optional<String> refuses(String keyId, Instant issuedAt) {
        if (revoked) {
            return Optional.of("key '" + keyId + "' is revoked: no receipt it signed is trusted");
        }
        if (notBefore != null && issuedAt.isBefore(notBefore)) {
            return Optional.of("issued at " + issuedAt + ", before key '" + keyId + "' began signing at " + notBefore);
        }
        if (retiredAt != null && !issuedAt.isBefore(retiredAt)) {
            return Optional.of("issued at " + issuedAt + ", after key '" + keyId + "' was retired at " + retiredAt);
        }
        return Optional.empty();
    }
}
