package io.enclavesuite.receipts.canonical;

/** A JSON value that has no RFC 8785 canonical form, or whose canonical form would break the size caps. */
public class CanonicalJsonException extends IllegalArgumentException {

    public CanonicalJsonException(String message) {
        super(message);
    }

    public CanonicalJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
