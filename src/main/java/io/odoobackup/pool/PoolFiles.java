package io.odoobackup.pool;

import io.odoobackup.platform.SqlFiles;
import io.odoobackup.storage.StorageConfig;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The records of a storage configuration's pool: which objects are stored whole, and which a backup lists. A bean
 * rather than routes: a backup asks about its files a thousand at a time while it lists and uploads them.
 */
public final class PoolFiles {

    private final DataSource records;

    public PoolFiles(DataSource records) {
        this.records = records;
    }

    /** The keys among {@code keys} whose objects are stored in the configuration's pool. */
    public Set<String> present(StorageConfig config, Collection<String> keys) throws SQLException {
        Set<String> present = new HashSet<>();
        for (Map<String, Object> row : SqlFiles.query(records, "pool-present",
                Map.of("storage_config_id", config.id(), "keys", keys))) {
            present.add((String) row.get("object_key"));
        }
        return present;
    }

    /** The backup lists these objects: recorded before it counts on them, so that no sweep takes them meanwhile. */
    public void referenced(String backupId, StorageConfig config, Collection<String> keys) throws SQLException {
        if (!keys.isEmpty()) {
            SqlFiles.update(records, "pool-referenced", Map.of("backup_id", backupId, "storage_config_id", config.id(), "keys", keys));
        }
    }

    /** An object whose upload is whole. */
    public void stored(StorageConfig config, String key, String sha1, long size) throws SQLException {
        SqlFiles.update(records, "pool-stored", Map.of("storage_config_id", config.id(), "object_key", key,
                "organization_id", config.organizationId(), "sha1", sha1, "size", size));
    }

    /** An object that is missing or damaged: the next backup that lists its file uploads it again. */
    public void damaged(StorageConfig config, String key) throws SQLException {
        SqlFiles.update(records, "pool-damaged", Map.of("storage_config_id", config.id(), "object_key", key));
    }
}
