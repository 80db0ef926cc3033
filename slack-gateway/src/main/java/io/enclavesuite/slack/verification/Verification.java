package io.enclavesuite.slack.verification;

import java.time.Instant;
import java.util.Objects;

/** The outcome of checking a request's Slack signature: one of two shapes, so "verified with a reason" cannot exist. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    boolean verified();

    /** @param sentAt the request's signed timestamp, for a replay cache keyed on it */
    record Verified(Instant sentAt) implements Verification {

        public Verified {
            Objects.requireNonNull(sentAt, "sentAt is required");
        }

        @Override
        public boolean verified() {
            return true;
        }
    }

    record Rejected(RejectionReason reason) implements Verification {

        public Rejected {
            Objects.requireNonNull(reason, "reason is required");
        }

        @Override
        public boolean verified() {
            return false;
        }

        public String message() {
            return reason.message();
        }
    }
}
