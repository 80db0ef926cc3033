package io.enclavesuite.slack.verification;

/** Why a request did not pass as coming from Slack; the message is fit for a log line, not for the caller. */
public enum RejectionReason {
    MISSING_TIMESTAMP("missing X-Slack-Request-Timestamp header"),
    MISSING_SIGNATURE("missing X-Slack-Signature header"),
    MALFORMED_TIMESTAMP("X-Slack-Request-Timestamp is not a number of seconds"),
    STALE_TIMESTAMP("request timestamp is more than 5 minutes old"),
    FUTURE_TIMESTAMP("request timestamp is more than 30 seconds in the future"),
    UNSUPPORTED_SIGNATURE_VERSION("X-Slack-Signature is not a v0 signature"),
    SIGNATURE_MISMATCH("signature does not match the request");

    private final String message;

    RejectionReason(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
