package io.enclavesuite.console.signin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong local sign-in codes: five in a minute pause that user id from that address for a minute, in bounded memory. */
class SignInThrottleTest {

    private static final String HERE = "127.0.0.1";

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveWrongCodesInAMinutePauseForAMinute() {
        for (int i = 0; i < SignInThrottle.LIMIT - 1; i++) {
            wrong(throttle, "U0DAVE", HERE);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.pausedUntil("U0DAVE", HERE)).as("four are typos").isEmpty();

        wrong(throttle, "U0DAVE", HERE);

        Instant fifth = clock.instant();
        assertThat(throttle.pausedUntil("U0DAVE", HERE)).contains(fifth.plus(SignInThrottle.PAUSE));
        assertThat(throttle.pausedUntil("U0DAVE", "10.0.0.7")).as("another address").isEmpty();
        assertThat(throttle.pausedUntil("U0ERIN", HERE)).as("another person").isEmpty();
        clock.advance(SignInThrottle.PAUSE.minusSeconds(1));
        assertThat(throttle.pausedUntil("U0DAVE", HERE)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.pausedUntil("U0DAVE", HERE)).isEmpty();

        // a fresh minute, a fresh count
        wrong(throttle, "U0DAVE", HERE);
        assertThat(throttle.pausedUntil("U0DAVE", HERE)).isEmpty();
    }

    @Test
    void wrongCodesSpreadOverMoreThanAMinuteArePausedNever() {
        for (int i = 0; i < 3 * SignInThrottle.LIMIT; i++) {
            wrong(throttle, "U0DAVE", HERE);
            clock.advance(SignInThrottle.WINDOW.dividedBy(SignInThrottle.LIMIT - 1));
            assertThat(throttle.pausedUntil("U0DAVE", HERE)).isEmpty();
        }
    }

    @Test
    void theRightCodeClearsTheCount() {
        for (int i = 0; i < SignInThrottle.LIMIT - 1; i++) {
            wrong(throttle, "U0DAVE", HERE);
        }
        throttle.succeeded("U0DAVE", HERE);
        wrong(throttle, "U0DAVE", HERE);

        assertThat(throttle.pausedUntil("U0DAVE", HERE)).isEmpty();
    }

    @Test
    void memoryIsBoundedForgettingTheLeastRecentFirst() {
        SignInThrottle small = new SignInThrottle(clock, 2, SignInThrottle.WINDOW, SignInThrottle.PAUSE, 3);
        wrong(small, "U0DAVE", HERE);
        wrong(small, "U0DAVE", HERE);
        for (String other : new String[] {"U0A", "U0B"}) {
            wrong(small, other, HERE);
        }
        assertThat(small.pausedUntil("U0DAVE", HERE)).isPresent();

        wrong(small, "U0C", HERE);
        wrong(small, "U0D", HERE);
        // U0DAVE was looked at after U0A and U0B failed: they are forgotten first
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.pausedUntil("U0DAVE", HERE)).isPresent();

        wrong(small, "U0E", HERE);
        wrong(small, "U0F", HERE);
        wrong(small, "U0G", HERE);

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.pausedUntil("U0DAVE", HERE)).isEmpty();
    }

    @Test
    void whilePausedATryIsNotLetThroughNorCounted() {
        for (int i = 0; i < SignInThrottle.LIMIT; i++) {
            assertThat(throttle.attempt("U0DAVE", HERE)).isEmpty();
        }
        Instant until = clock.instant().plus(SignInThrottle.PAUSE);

        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.attempt("U0DAVE", HERE)).contains(until);
        assertThat(throttle.attempt("U0DAVE", HERE)).as("the pause is not prolonged by tries").contains(until);
        // a try let through counts as wrong until it proves right: parallel guesses get no more than the limit
        clock.advance(SignInThrottle.PAUSE);
        assertThat(throttle.attempt("U0DAVE", HERE)).isEmpty();
        throttle.succeeded("U0DAVE", HERE);
        assertThat(throttle.size()).isZero();
    }

    /** A try let through that turned out wrong. */
    private static void wrong(SignInThrottle throttle, String user, String address) {
        assertThat(throttle.attempt(user, address)).as("let through").isEmpty();
    }

    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
