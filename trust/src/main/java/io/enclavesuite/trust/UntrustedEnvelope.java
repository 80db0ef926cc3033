package io.enclavesuite.trust;

/** Why an envelope's sender is not believed; the message is the reason given back to the sender. */
public final class UntrustedEnvelope extends RuntimeException {

    /** The refusal's kind, for metrics. */
    public enum Kind {
        UNSIGNED, MALFORMED_SIGNATURE, UNKNOWN_KEY, REVOKED_KEY, KEY_NOT_VALID, BAD_SIGNATURE
    }

    private final Kind kind;

    public UntrustedEnvelope(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
