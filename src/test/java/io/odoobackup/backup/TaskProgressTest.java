package io.odoobackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The time left a progress message gives: only once the speed means something, never below zero. */
class TaskProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MB = 1 << 20;

    @Test
    void noEtaInTheFirstSecondsOrBeforeTwoPercentHaveMoved() {
        assertThat(TaskProgress.eta(2 * MB, 1100 * MB, SECOND)).as("2.0 MB of about 1.1 GB after a second").isEmpty();
        assertThat(TaskProgress.eta(200 * MB, 1100 * MB, 2 * SECOND)).as("too early").isEmpty();
        assertThat(TaskProgress.eta(10 * MB, 1100 * MB, 10 * SECOND)).as("under 2%").isEmpty();
    }

    @Test
    void anEtaFromTheAverageSpeedOnceItMeansSomething() {
        assertThat(TaskProgress.eta(300 * MB, 1100 * MB, 3 * SECOND)).isEqualTo(", ETA 8 seconds");
        assertThat(TaskProgress.eta(550 * MB, 1100 * MB, 10 * SECOND)).isEqualTo(", ETA 10 seconds");
    }

    @Test
    void noEtaOnceMoreHasMovedThanEstimated() {
        assertThat(TaskProgress.eta(1200 * MB, 1100 * MB, 20 * SECOND)).isEmpty();
        assertThat(TaskProgress.eta(1100 * MB, 1100 * MB, 20 * SECOND)).isEmpty();
    }
}
