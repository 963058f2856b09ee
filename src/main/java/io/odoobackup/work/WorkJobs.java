package io.odoobackup.work;

import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.BackupJob;
import io.odoobackup.backup.BackupRecords;
import io.odoobackup.platform.SqlFiles;
import io.odoobackup.restore.RestoreJob;
import io.odoobackup.restore.RestoreRecords;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The job of a claimed work item, made again from its records: what the request asked was recorded when it was
 * accepted, so any instance can run it.
 */
public final class WorkJobs {

    private final DataSource dataSource;
    private final BackupRecords backups;
    private final RestoreRecords restores;

    public WorkJobs(DataSource dataSource, BackupRecords backups, RestoreRecords restores) {
        this.dataSource = dataSource;
        this.backups = backups;
        this.restores = restores;
    }

    public BackupJob backup(WorkItem item) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> backup = one(c, "work-backup", Map.of("id", item.id()), "Backup " + item.id());
            Map<String, Object> environment = environment(c, item);
            Map<String, Object> storage = storage(c, item, backup.get("storage_config_id"));
            Map<String, Object> secondary = backup.get("secondary_storage_config_id") == null ? null
                    : storage(c, item, backup.get("secondary_storage_config_id"));
            return backups.fromRecord(backup, environment, storage, secondary);
        }
    }

    public RestoreJob restore(WorkItem item) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> restore = one(c, "work-restore", Map.of("id", item.id()), "Restore " + item.id());
            Map<String, Object> backup = one(c, "work-backup", Map.of("id", restore.get("backup_id")), "Backup " + restore.get("backup_id"));
            List<Map<String, Object>> environment = SqlFiles.query(c, "work-environment",
                    Map.of("environment_id", item.environmentId(), "organization_id", item.organizationId()));
            return restores.fromRecord(restore, backup, environment.isEmpty() ? null : environment.get(0));
        }
    }

    private static Map<String, Object> environment(Connection c, WorkItem item) throws SQLException {
        return one(c, "work-environment", Map.of("environment_id", item.environmentId(), "organization_id", item.organizationId()),
                "Environment " + item.environmentId());
    }

    private static Map<String, Object> storage(Connection c, WorkItem item, Object id) throws SQLException {
        return one(c, "work-storage", Map.of("id", id, "organization_id", item.organizationId()), "Storage configuration " + id);
    }

    private static Map<String, Object> one(Connection c, String statement, Map<String, Object> parameters, String what) throws SQLException {
        List<Map<String, Object>> rows = SqlFiles.query(c, statement, parameters);
        if (rows.isEmpty()) {
            throw new BackupFailure(what + " no longer exists: the queued work cannot run");
        }
        return rows.get(0);
    }
}
