package io.odoobackup.pool;

import io.odoobackup.platform.SqlFiles;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
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
    private final StorageDrivers storage;

    public PoolFiles(DataSource records, StorageDrivers storage) {
        this.records = records;
        this.storage = storage;
    }

    /**
     * Where the configuration's pool objects lie: rows are the objects', shared by every configuration that reaches the
     * same ones, so that a file one of them lists is never removed by the sweep of another.
     */
    public String place(StorageConfig config) {
        return storage.place(config, "");
    }

    /** The keys among {@code keys} whose objects are stored in the configuration's pool. */
    public Set<String> present(StorageConfig config, Collection<String> keys) throws SQLException {
        Set<String> present = new HashSet<>();
        for (Map<String, Object> row : SqlFiles.query(records, "pool-present",
                Map.of("place", place(config), "keys", keys))) {
            present.add((String) row.get("object_key"));
        }
        return present;
    }

    /** The backup lists these objects: recorded before it counts on them, so that no sweep takes them meanwhile. */
    public void referenced(String backupId, StorageConfig config, Collection<String> keys) throws SQLException {
        if (!keys.isEmpty()) {
            SqlFiles.update(records, "pool-referenced", Map.of("backup_id", backupId, "storage_config_id", config.id(),
                    "place", place(config), "keys", keys));
        }
    }

    /** An object whose upload is whole. */
    public void stored(StorageConfig config, String key, String sha1, long size) throws SQLException {
        SqlFiles.update(records, "pool-stored", Map.of("place", place(config), "object_key", key, "storage_config_id", config.id(),
                "organization_id", config.organizationId(), "sha1", sha1, "size", size));
    }

    /** An object that is missing or damaged: the next backup that lists its file uploads it again. */
    public void damaged(StorageConfig config, String key) throws SQLException {
        SqlFiles.update(records, "pool-damaged", Map.of("place", place(config), "object_key", key));
    }
}
