package io.enclavesuite.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One scenario's outcome: PASS when every check held, else FAIL with each check that did not; {@link #line()} is what
 * the suite prints, e.g. {@code scenario 1 duplicates to 3 replicas: PASS 10000 effects, 20000 results, 0 DLT, 94 s}.
 */
record ScenarioResult(int number, String title, List<String> failures, String counts, Duration took) {

    ScenarioResult {
        failures = List.copyOf(failures);
    }

    boolean passed() {
        return failures.isEmpty();
    }

    String line() {
        return String.format(Locale.ROOT, "scenario %d %s: %s %s, %d s%s", number, title, passed() ? "PASS" : "FAIL",
                counts, took.toSeconds(), passed() ? "" : " — " + String.join("; ", failures));
    }
}
