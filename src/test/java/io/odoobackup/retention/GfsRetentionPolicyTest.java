package io.odoobackup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GfsRetentionPolicyTest {

    private final GfsRetentionPolicy policy = new GfsRetentionPolicy();
    private final GfsSchedule utc = GfsSchedule.DEFAULT;

    @ParameterizedTest(name = "{0} -> {1}, expires {2}")
    @CsvSource({
            // the seed's examples
            "2024-12-11T10:30:00Z, DAILY,   2024-12-18T10:30:00Z",
            "2024-12-08T10:30:00Z, WEEKLY,  2025-01-05T10:30:00Z",
            "2024-12-01T10:30:00Z, MONTHLY, 2025-12-01T10:30:00Z",
            "2026-01-01T00:00:00Z, YEARLY,  2028-01-01T00:00:00Z",
            "2024-12-29T02:00:00Z, WEEKLY,  2025-01-26T02:00:00Z",
            "2026-01-02T02:00:00Z, DAILY,   2026-01-09T02:00:00Z",
            // Jan 1 on a Sunday is yearly, a month's first day on a Sunday is monthly
            "2023-01-01T02:00:00Z, YEARLY,  2025-01-01T02:00:00Z",
            "2023-10-01T02:00:00Z, MONTHLY, 2024-10-01T02:00:00Z",
            // leap day: a year later is Feb 28, twelve months later too
            "2024-02-29T02:00:00Z, DAILY,   2024-03-07T02:00:00Z",
    })
    void tierAndExpiryInUtc(Instant created, RetentionType tier, Instant expires) {
        assertThat(policy.tierOf(created, utc)).isEqualTo(tier);
        assertThat(policy.expiresAt(tier, created, utc)).isEqualTo(expires);
    }

    @Test
    void monthlyAndYearlyUseCalendarArithmetic() {
        Instant leapDay = Instant.parse("2024-02-29T02:00:00Z");
        assertThat(policy.expiresAt(RetentionType.YEARLY, leapDay, utc)).isEqualTo(Instant.parse("2026-02-28T02:00:00Z"));
        assertThat(policy.expiresAt(RetentionType.MONTHLY, Instant.parse("2024-01-31T02:00:00Z"), utc))
                .isEqualTo(Instant.parse("2025-01-31T02:00:00Z"));
        assertThat(policy.expiresAt(RetentionType.PERMANENT, leapDay, utc)).isNull();
    }

    @Test
    void aMonthlyDayPastTheMonthsEndFallsOnItsLastDay() {
        GfsSchedule day31 = new GfsSchedule(ZoneId.of("UTC"), DayOfWeek.SUNDAY, 31, 7, 4, 12, 2);
        assertThat(policy.tierOf(Instant.parse("2025-04-30T02:00:00Z"), day31)).isEqualTo(RetentionType.MONTHLY);
        assertThat(policy.tierOf(Instant.parse("2025-02-28T02:00:00Z"), day31)).isEqualTo(RetentionType.MONTHLY);
        assertThat(policy.tierOf(Instant.parse("2024-02-28T02:00:00Z"), day31)).isEqualTo(RetentionType.DAILY);
        assertThat(policy.tierOf(Instant.parse("2025-05-30T02:00:00Z"), day31)).isEqualTo(RetentionType.DAILY);
    }

    @Test
    void theTierIsReadInThePolicysTimezoneAndDstKeepsTheWallClock() {
        GfsSchedule berlin = new GfsSchedule(ZoneId.of("Europe/Berlin"), DayOfWeek.SUNDAY, 1, 7, 4, 12, 2);
        // 23:30 UTC on Dec 31 is already Jan 1 in Berlin
        assertThat(policy.tierOf(Instant.parse("2025-12-31T23:30:00Z"), berlin)).isEqualTo(RetentionType.YEARLY);
        assertThat(policy.tierOf(Instant.parse("2025-12-31T23:30:00Z"), utc)).isEqualTo(RetentionType.DAILY);
        // 02:30 local on the Tuesday before the spring change; a week later it is still 02:30 local wall time
        Instant created = Instant.parse("2025-03-25T01:30:00Z");
        assertThat(policy.expiresAt(RetentionType.DAILY, created, berlin)).isEqualTo(Instant.parse("2025-04-01T00:30:00Z"));
    }
}
