package io.odoobackup.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Moves a backup's task through the seed's stages (progress 0-100 and a message naming the stage).
 * A bean rather than an sql endpoint because the streaming stages report from inside their own code.
 */
public final class TaskProgress {

    private final DataSource dataSource;

    public TaskProgress(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void stage(BackupJob job, int progress, String message) throws SQLException {
        update("UPDATE task SET status = 'running', progress = ?, message = ?, started_at = coalesce(started_at, now()),"
                + " updated_at = now() WHERE id = ?", progress, message, job.getTaskId());
    }

    public void completed(BackupJob job) throws SQLException {
        update("UPDATE task SET status = 'completed', progress = 100, message = ?, completed_at = now(), updated_at = now()"
                + " WHERE id = ?", "Backup completed", job.getTaskId());
    }

    public void failed(BackupJob job, String reason) throws SQLException {
        update("UPDATE task SET status = 'failed', message = ?, completed_at = now(), updated_at = now() WHERE id = ?",
                "Backup failed: " + reason, job.getTaskId());
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
