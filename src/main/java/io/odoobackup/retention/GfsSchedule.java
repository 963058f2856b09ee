package io.odoobackup.retention;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/** The GFS parts of a backup policy: the timezone and days that pick a tier, and each tier's period. */
public record GfsSchedule(ZoneId zone, DayOfWeek weeklyDay, int monthlyDay,
                          int dailyDays, int weeklyWeeks, int monthlyMonths, int yearlyYears) {

    /** What applies to an environment without a policy: the seed's defaults, in UTC. */
    public static final GfsSchedule DEFAULT = new GfsSchedule(ZoneOffset.UTC, DayOfWeek.SUNDAY, 1, 7, 4, 12, 2);

    /** The schedule of a backup_policy row; the default where there is none. */
    public static GfsSchedule of(Map<String, Object> policy) {
        if (policy == null) {
            return DEFAULT;
        }
        return new GfsSchedule(ZoneId.of((String) policy.get("timezone")),
                DayOfWeek.valueOf(((String) policy.get("weekly_backup_day")).toUpperCase(Locale.ROOT)),
                (Integer) policy.get("monthly_backup_day"), (Integer) policy.get("daily_retention_days"),
                (Integer) policy.get("weekly_retention_weeks"), (Integer) policy.get("monthly_retention_months"),
                (Integer) policy.get("yearly_retention_years"));
    }
}
