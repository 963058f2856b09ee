package io.odoobackup.retention;

import java.time.Instant;
import java.time.ZonedDateTime;

/** Grandfather-father-son: which tier a backup gets from its creation time, and when it expires (docs/api.md §6). */
public final class GfsRetentionPolicy {

    public RetentionType tierOf(Instant createdAt, GfsSchedule schedule) {
        ZonedDateTime local = createdAt.atZone(schedule.zone());
        if (local.getMonthValue() == 1 && local.getDayOfMonth() == 1) {
            return RetentionType.YEARLY;
        }
        // a monthly day past the month's end (31 in April) falls on the month's last day
        int monthlyDay = Math.min(schedule.monthlyDay(), local.toLocalDate().lengthOfMonth());
        if (local.getDayOfMonth() == monthlyDay) {
            return RetentionType.MONTHLY;
        }
        if (local.getDayOfWeek() == schedule.weeklyDay()) {
            return RetentionType.WEEKLY;
        }
        return RetentionType.DAILY;
    }

    /** Calendar arithmetic in the policy's timezone; null for a permanent backup. */
    public Instant expiresAt(RetentionType type, Instant createdAt, GfsSchedule schedule) {
        ZonedDateTime local = createdAt.atZone(schedule.zone());
        return switch (type) {
            case DAILY -> local.plusDays(schedule.dailyDays()).toInstant();
            case WEEKLY -> local.plusWeeks(schedule.weeklyWeeks()).toInstant();
            case MONTHLY -> local.plusMonths(schedule.monthlyMonths()).toInstant();
            case YEARLY -> local.plusYears(schedule.yearlyYears()).toInstant();
            case PERMANENT -> null;
        };
    }
}
