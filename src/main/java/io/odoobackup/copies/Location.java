package io.odoobackup.copies;

import io.odoobackup.storage.StorageConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One place a backup's bytes lie: its primary object or one of its copies, with what the record says is stored
 * there (size and SHA-256 of the stored bytes; -1 and null before an upload was verified). A copy's status is
 * copying, verified or failed; the primary's is verified.
 */
public record Location(boolean copy, StorageConfig config, String key, long storedSize, String storedChecksum,
                       String status, boolean damaged) {

    /** Read back whole after its upload: the only kind a reader uses. */
    public boolean verified() {
        return "verified".equals(status);
    }

    /** A copy that failed holds nothing: its object was removed when it failed (or is left to the leftover clean-up). */
    public boolean failed() {
        return "failed".equals(status);
    }

    /** How messages name it: the object on 'Main' (the primary), the copy on 'Offsite'. */
    public String describe() {
        return (copy ? "the copy on '" : "the object on '") + config.name() + "'";
    }

    /** A download's X-Backup-Source: "primary <storage_config_id>" or "copy <storage_config_id>". */
    public String sourceHeader() {
        return (copy ? "copy " : "primary ") + config.id();
    }

    /** Where a restore read the backup from, as its record shows it. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("storage_config_id", config.id());
        view.put("key", key);
        view.put("copy", copy);
        return view;
    }

    /** Parameters of sql/backup-object-damaged.sql. */
    Map<String, Object> damageParams(String backupId) {
        return Map.of("backup_id", backupId, "object_key", key, "storage_config_id", config.id());
    }
}
