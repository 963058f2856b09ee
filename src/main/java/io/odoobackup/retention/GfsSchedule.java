package io.odoobackup.retention;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The GFS parts of a backup policy: the timezone and days that pick a tier, and each tier's period. */
public record GfsSchedule(ZoneId zone, DayOfWeek weeklyDay, int monthlyDay,
                          int dailyDays, int weeklyWeeks, int monthlyMonths, int yearlyYears) {

    /** What applies to an environment without a policy: the seed's defaults, in UTC. */
    public static final GfsSchedule DEFAULT = new GfsSchedule(ZoneOffset.UTC, DayOfWeek.SUNDAY, 1, 7, 4, 12, 2);
}
