package io.enclavesuite.api.tentacle;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A schedule in the five-field cron format a Kubernetes CronJob takes ({@code minute hour day-of-month month
 * day-of-week}), or one of its macros ({@code @hourly}, {@code @daily}, …). Checked with cron-utils' UNIX definition
 * so a schedule the cluster would refuse never becomes an event.
 */
public record CronSchedule(String expression) {

    public static final int MAX_LENGTH = 100;
    private static final Set<String> MACROS = Set.of(
            "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /**
     * Expressions cron-utils has accepted, so each is checked once: its validation compiles a dozen regular
     * expressions, and every event naming a schedule is read again by each projection and each rebuild (5 % of a
     * rebuild's processor time). Bounded: past the limit, further schedules are simply checked every time.
     */
    private static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();
    private static final int ACCEPTED_LIMIT = 4_096;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CronSchedule {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron schedule is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("cron schedule is longer than " + MAX_LENGTH + " characters");
        }
        expression = expression.trim();
        if (!MACROS.contains(expression) && !ACCEPTED.contains(expression)) {
            if (expression.split("\\s+").length != 5) {
                throw new IllegalArgumentException("'" + expression
                        + "' is not a cron schedule: five fields (minute hour day-of-month month day-of-week) or a macro "
                        + new java.util.TreeSet<>(MACROS));
            }
            try {
                UNIX.parse(expression).validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + expression + "' is not a valid cron schedule: " + e.getMessage());
            }
            if (ACCEPTED.size() < ACCEPTED_LIMIT) {
                ACCEPTED.add(expression);
            }
        }
    }

    public static CronSchedule of(String expression) {
        return new CronSchedule(expression);
    }

    @JsonValue
    @Override
    public String toString() {
        return expression;
    }
}
