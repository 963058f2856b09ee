package io.odoobackup.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.JsonMapper;
import io.odoobackup.environment.Environment;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Makes manifest.json (docs/api.md §5): what the archive holds, its checksums and the environment snapshot; the archive's last entry. */
public final class ManifestWriter {

    private final ObjectMapper json;

    public ManifestWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(BackupJob job) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("version", "1.0");
        manifest.put("backup_id", job.getBackupId());
        manifest.put("environment_id", job.getEnvironmentId());
        manifest.put("backup_type", JsonBody.wire(job.getBackupType()));
        manifest.put("created_at", JsonMapper.iso(job.getCreatedAt()));
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("name", job.getEnvironment().dbName());
        BackupResult made = job.getResult();
        database.putAll(entry(job, made.getDump(), "pg_dump_plain"));
        database.put("owner", job.getEnvironment().dbUser());
        database.put("pg_version", made.getPgVersion());
        database.put("tables", made.getTables());
        manifest.put("database", database);
        Map<String, Object> filestore = null;
        if (made.getFilestore() != null) {
            filestore = entry(job, made.getFilestore(), made.getFilestoreFormat());
            filestore.put("files", made.getFilestoreFiles());
            if (made.getPooled() != null) {
                filestore.put("bytes", made.getPooled().bytes());
                filestore.put("new_files", made.getPooled().newFiles());
                filestore.put("new_bytes", made.getPooled().newBytes());
            }
        }
        manifest.put("filestore", filestore);
        manifest.put("environment_snapshot", snapshot(job));
        Map<String, Object> retention = new LinkedHashMap<>();
        retention.put("type", JsonBody.wire(job.getRetentionType()));
        retention.put("expires_at", job.getExpiresAt() == null ? null : JsonMapper.iso(job.getExpiresAt()));
        manifest.put("retention", retention);
        made.manifestWritten(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    /**
     * The environment snapshot: the record's fields and the image the Odoo container runs, and once the
     * manifest stage has read them, the installed modules.
     */
    public static Map<String, Object> snapshot(BackupJob job) {
        Environment env = job.getEnvironment();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("odoo_version", env.odooVersion());
        snapshot.put("odoo_image", job.getOdooImage());
        if (job.getResult().getModules() != null) {
            snapshot.put("modules", job.getResult().getModules());
            snapshot.put("module_versions", job.getResult().getModuleVersions());
        }
        snapshot.put("cpu_cores", env.cpuCores());
        snapshot.put("ram_mb", env.ramMb());
        snapshot.put("disk_gb", env.diskGb());
        snapshot.put("db_name", env.dbName());
        return snapshot;
    }

    private static Map<String, Object> entry(BackupJob job, Artifact artifact, String format) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", job.getBackupKey());
        entry.put("size", artifact.size());
        entry.put("checksum", artifact.checksum());
        entry.put("format", format);
        return entry;
    }
}
