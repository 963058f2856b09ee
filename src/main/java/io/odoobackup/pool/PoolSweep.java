package io.odoobackup.pool;

import io.odoobackup.platform.SqlFiles;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the pool files no backup that can still be read lists (a mark-and-sweep, docs/api.md §15), a batch at a time.
 * First the decision, in one transaction: unreferenced files are locked, their references asked again (a backup may
 * have listed one meanwhile: it writes its references before it asks whether the pool holds a file, and that question
 * waits for the lock), and the rest marked 'deleting'. From that commit on no backup counts on them. Then their objects
 * are removed and their rows last, each batch under its rows' lock. A sweep killed at any point leaves marked rows
 * whose objects may be gone, never a row said stored without its object: the next sweep finishes them, and a backup
 * that needs such a file again finishes its deletion first ({@link #finish}), then uploads it. A bean: the decision
 * needs its statements in one transaction.
 */
public final class PoolSweep {

    private static final Logger LOG = LoggerFactory.getLogger(PoolSweep.class);
    private static final int BATCH = 500;

    private final DataSource records;
    private final StorageDrivers storage;
    private final PoolFiles pool;

    public PoolSweep(DataSource records, StorageDrivers storage, PoolFiles pool) {
        this.records = records;
        this.storage = storage;
        this.pool = pool;
    }

    /** What a sweep removed from one storage's pool. */
    public record Swept(long files, long bytes) {
    }

    public Swept sweep(StorageConfig config) throws SQLException, IOException {
        SqlFiles.update(records, "pool-references-pruned", Map.of("place", pool.place(config)));
        while (mark(config) == BATCH) {
            // the next batch
        }
        long files = 0;
        long bytes = 0;
        for (Swept batch; (batch = removeMarked(config)).files() > 0; ) {
            files += batch.files();
            bytes += batch.bytes();
        }
        if (files > 0) {
            LOG.info("Storage {} ({}): the pool sweep removed {} files ({} bytes) no backup lists", config.id(), config.name(), files, bytes);
        }
        return new Swept(files, bytes);
    }

    /** One batch of unreferenced files marked 'deleting'; how many were locked (fewer than a batch: the last). */
    private int mark(StorageConfig config) throws SQLException {
        try (Connection c = records.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> keys = keys(SqlFiles.query(c, "pool-sweep-lock", Map.of("place", pool.place(config), "limit", BATCH)));
                List<String> unreferenced = new ArrayList<>(keys);
                SqlFiles.query(c, "pool-sweep-referenced", Map.of("place", pool.place(config), "keys", keys))
                        .forEach(row -> unreferenced.remove((String) row.get("object_key")));
                if (!unreferenced.isEmpty()) {
                    SqlFiles.update(c, "pool-sweep-mark", Map.of("place", pool.place(config), "keys", unreferenced));
                }
                c.commit();
                return unreferenced.isEmpty() ? 0 : keys.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** One batch of marked files: their objects removed, then their rows, under their rows' lock. */
    private Swept removeMarked(StorageConfig config) throws SQLException, IOException {
        try (Connection c = records.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Map<String, Object>> rows = SqlFiles.query(c, "pool-deleting-lock",
                        Map.of("place", pool.place(config), "limit", BATCH));
                long bytes = 0;
                for (Map<String, Object> row : rows) {
                    storage.delete(config, (String) row.get("object_key"));
                    bytes += ((Number) row.get("size")).longValue();
                }
                if (!rows.isEmpty()) {
                    SqlFiles.update(c, "pool-deleted", Map.of("place", pool.place(config), "keys", keys(rows)));
                }
                c.commit();
                return new Swept(rows.size(), bytes);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Before a file is uploaded to the pool again: if a sweep marked its object, the deletion is finished first (waiting
     * for a sweep that is removing it now), so that no sweep removes the new upload.
     */
    public void finish(StorageConfig config, String key) throws SQLException, IOException {
        try (Connection c = records.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (SqlFiles.first(c, "pool-deleting-one", Map.of("place", pool.place(config), "object_key", key)).isPresent()) {
                    storage.delete(config, key);
                    SqlFiles.update(c, "pool-deleted", Map.of("place", pool.place(config), "keys", List.of(key)));
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<String> keys(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> (String) row.get("object_key")).toList();
    }
}
