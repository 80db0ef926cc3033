package io.enclavesuite.api.enclave;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to {@link RequestDeprovision}: the code to send back with {@link ConfirmDeprovision}, shown only to the
 * owner who asked (in the command's result, never in an event).
 */
public record DeprovisionCode(String confirmationCode, Instant expiresAt) {

    public DeprovisionCode {
        Objects.requireNonNull(confirmationCode, "confirmationCode");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
