package io.odoobackup.schedule;

import io.odoobackup.operations.BackupMetrics;
import io.odoobackup.platform.SqlFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each policy's planned runs go, kept on the policy ({@code last_run}), said as events
 * ({@code odoo_backup.schedule.late|missed}), counted in the metrics and logged: queued when its backup is in the
 * queue (written with the backup, sql/backup-insert.sql), on time or late when it starts (inside or after its window),
 * missed when it could not be queued at all.
 */
public final class ScheduleRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRuns.class);

    private final DataSource dataSource;
    private final BackupMetrics metrics;

    public ScheduleRuns(DataSource dataSource, BackupMetrics metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    public void missed(String environmentId, Instant plannedAt, Instant windowEnd, String reason) throws SQLException {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environment_id", environmentId);
        parameters.put("planned_at", Timestamp.from(plannedAt));
        parameters.put("planned_text", plannedAt.toString());
        parameters.put("window_end_text", windowEnd == null ? null : windowEnd.toString());
        parameters.put("reason", reason);
        update("schedule-missed", parameters);
        metrics.scheduleMissed();
        LOG.warn("Scheduled backup of environment {} planned at {} missed: {}", environmentId, plannedAt, reason);
    }

    /** A scheduled backup starts now: late when its window has ended. */
    public void started(String environmentId, String backupId, Instant plannedAt, Instant windowEnd) throws SQLException {
        Instant now = Instant.now();
        boolean late = windowEnd != null && now.isAfter(windowEnd);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environment_id", environmentId);
        parameters.put("backup_id", backupId);
        parameters.put("late", late);
        parameters.put("planned_text", plannedAt.toString());
        parameters.put("window_end_text", windowEnd == null ? null : windowEnd.toString());
        parameters.put("reason", late ? "started " + Duration.between(windowEnd, now).toSeconds() + " seconds after its window ended"
                + " (planned at " + plannedAt + "): every worker was busy, or no instance ran" : null);
        update("schedule-started", parameters);
        if (late) {
            metrics.scheduleLate();
            LOG.warn("Scheduled backup {} of environment {} is late: {}", backupId, environmentId, parameters.get("reason"));
        }
    }

    private void update(String statement, Map<String, Object> parameters) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SqlFiles.update(c, statement, parameters);
        }
    }
}
