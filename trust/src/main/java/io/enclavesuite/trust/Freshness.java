package io.enclavesuite.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How old a signed envelope may be when it reaches the intake: at most five minutes, and at most 30 seconds ahead of
 * the intake's clock (the windows INK uses). Together with dedupe by principal and command id this bounds replay: a
 * captured record re-sent later is stale, and re-sent sooner is the same command.
 */
public final class Freshness {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    public static final Duration MAX_AHEAD = Duration.ofSeconds(30);

    private Freshness() {
    }

    /** Why an envelope issued at {@code issuedAt} is not taken at {@code reference}, or empty when it is. */
    public static Optional<String> refusal(Instant issuedAt, Instant reference) {
        if (issuedAt.isBefore(reference.minus(MAX_AGE))) {
            return Optional.of("stale envelope: issued at " + issuedAt + ", more than " + MAX_AGE.toMinutes()
                    + " minutes before it reached the intake (" + reference + "); send it again as a new command");
        }
        if (issuedAt.isAfter(reference.plus(MAX_AHEAD))) {
            return Optional.of("envelope from the future: issued at " + issuedAt + ", more than "
                    + MAX_AHEAD.toSeconds() + " s after the intake's clock (" + reference + "); check the sender's clock");
        }
        return Optional.empty();
    }
}
