package io.enclavesuite.api.coordination;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * How much a person's agent may join on its own in one week — rooms, or hours of meetings — before it drops to
 * draft-only until the week turns. Weeks start on Monday at 00:00 UTC, for everyone.
 */
public record WeeklyBudget(BudgetUnit unit, int amount) {

    public static final int MAX_MEETINGS = 500;
    /** A week has 168 hours. */
    public static final int MAX_HOURS = 168;

    public WeeklyBudget {
        Objects.requireNonNull(unit, "a weekly budget counts meetings or hours");
        int max = unit == BudgetUnit.MEETINGS ? MAX_MEETINGS : MAX_HOURS;
        if (amount < 1 || amount > max) {
            throw new IllegalArgumentException("a weekly budget is 1 to " + max + " " + unit.label() + ", not "
                    + amount);
        }
    }

    public static WeeklyBudget meetings(int meetings) {
        return new WeeklyBudget(BudgetUnit.MEETINGS, meetings);
    }

    public static WeeklyBudget hours(int hours) {
        return new WeeklyBudget(BudgetUnit.HOURS, hours);
    }

    /** Whether this much, spent in one week, uses the budget up. */
    public boolean spentBy(int meetings, long minutes) {
        return unit == BudgetUnit.MEETINGS ? meetings >= amount : minutes >= amount * 60L;
    }

    /** The Monday 00:00 UTC on or before {@code at}. */
    public static Instant weekStart(Instant at) {
        return at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
    }

    /** The Monday 00:00 UTC after {@code at}: when the week that holds it turns. */
    public static Instant nextWeekStart(Instant at) {
        return weekStart(at).atZone(ZoneOffset.UTC).plusWeeks(1).toInstant();
    }

    @Override
    public String toString() {
        return amount + " " + unit.label() + " a week";
    }
}
