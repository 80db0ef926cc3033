package io.enclavesuite.console.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Local sign-in tries, counted per user id and address: after {@code limit} wrong ones within {@code window}, that user
 * id from that address is refused for {@code pause} without its code being checked. Keyed by both, so that one
 * person's typos lock no one else out (behind docker's port forwarding everyone has the same address), while guessing
 * one person's code gets {@code limit} tries a window per address — nothing against a 128-bit code. A try counts as
 * wrong from the moment it is let through until {@link #succeeded} says otherwise, so a burst of parallel tries gets
 * no more than {@code limit} either. Memory is bounded: past {@code capacity} keys, the least recently tried is
 * forgotten.
 */
final class SignInThrottle {

    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration PAUSE = Duration.ofMinutes(1);
    static final int CAPACITY = 10_000;

    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final Duration pause;
    private final Map<String, Failures> failures;

    SignInThrottle(Clock clock) {
        this(clock, LIMIT, WINDOW, PAUSE, CAPACITY);
    }

    SignInThrottle(Clock clock, int limit, Duration window, Duration pause, int capacity) {
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        this.pause = pause;
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Lets one try through, counted as wrong until {@link #succeeded}; or, when {@code user} from {@code address} is
     * paused, counts nothing and says until when.
     */
    synchronized Optional<Instant> attempt(String user, String address) {
        Instant now = clock.instant();
        Optional<Instant> paused = pausedUntil(user, address);
        if (paused.isPresent()) {
            return paused;
        }
        Failures seen = failures.computeIfAbsent(key(user, address), k -> new Failures(now));
        if (!now.isBefore(seen.windowStart.plus(window))) {
            seen.windowStart = now;
            seen.count = 0;
        }
        seen.count++;
        if (seen.count >= limit) {
            seen.pausedUntil = now.plus(pause);
        }
        return Optional.empty();
    }

    /** Until when {@code user} from {@code address} is refused, when it is now. */
    synchronized Optional<Instant> pausedUntil(String user, String address) {
        Failures seen = failures.get(key(user, address));
        Instant now = clock.instant();
        return seen != null && seen.pausedUntil != null && now.isBefore(seen.pausedUntil)
                ? Optional.of(seen.pausedUntil) : Optional.empty();
    }

    /** The try let through was the right code: the count starts anew. */
    synchronized void succeeded(String user, String address) {
        failures.remove(key(user, address));
    }

    synchronized int size() {
        return failures.size();
    }

    private static String key(String user, String address) {
        return user + " " + address;
    }

    private static final class Failures {
        Instant windowStart;
        int count;
        Instant pausedUntil;

        Failures(Instant windowStart) {
            this.windowStart = windowStart;
        }
    }
}
