package io.odoobackup.copies;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import io.odoobackup.storage.StorageFailed;
import io.odoobackup.storageconfigs.StorageConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a backup lies (rows of sql/backup-locations.sql): its primary object and its copies. Readers try them in
 * order and say which one they used; deletions remove them all.
 */
public final class Locations {

    private static final Logger LOG = LoggerFactory.getLogger(Locations.class);
    private final StorageConfigs configs;
    private final StorageDrivers storage;
    private final Consumer<Map<String, Object>> damageRecorder;

    /** {@code damageRecorder} takes the parameters of sql/backup-object-damaged.sql. */
    public Locations(StorageConfigs configs, StorageDrivers storage, Consumer<Map<String, Object>> damageRecorder) {
        this.configs = configs;
        this.storage = storage;
        this.damageRecorder = damageRecorder;
    }

    /** Every location, primary first, whatever its status. */
    public List<Location> all(List<Map<String, Object>> rows) throws JsonProcessingException {
        List<Location> all = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            StorageConfig config = configs.open(row);
            Object size = row.get("stored_size");
            all.add(new Location("copy".equals(row.get("location_role")), config, (String) row.get("object_key"),
                    size == null ? -1 : ((Number) size).longValue(), (String) row.get("stored_checksum"),
                    (String) row.get("location_status"), row.get("damaged_at") != null));
        }
        all.sort(Comparator.comparing(Location::copy)); // the primary first, copies in their order
        return all;
    }

    /** The locations a reader tries, in order: the primary, then verified copies; those found damaged before come last. */
    public List<Location> readable(List<Map<String, Object>> rows) throws JsonProcessingException {
        List<Location> readable = new ArrayList<>(all(rows).stream().filter(Location::verified).toList());
        readable.sort(Comparator.comparing(Location::damaged));
        return readable;
    }

    /**
     * Removes the backup's object and every copy that may hold something (verified, or interrupted while copying); an
     * object already gone is fine. Returns the bytes they held, as
     * recorded. Every location is tried; one that could not be removed fails the whole, naming each, so that the backup
     * stays as it is and the next attempt tries again.
     */
    public long deleteAll(List<Map<String, Object>> rows) throws IOException {
        long freed = 0;
        List<String> failures = new ArrayList<>();
        for (Location location : all(rows).stream().filter(l -> !l.failed()).toList()) {
            try {
                storage.delete(location.config(), location.key());
                freed += location.verified() ? Math.max(0, location.storedSize()) : 0;
            } catch (StorageFailed e) {
                failures.add(location.describe() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new StorageFailed("could not delete " + String.join("; ", failures), null);
        }
        return freed;
    }

    /**
     * For a download: the first location whose object is there with its recorded size (a cheap check that finds a
     * missing, truncated or replaced object before a byte is sent).
     */
    public Location choose(String backupId, List<Location> readable) throws IOException {
        List<String> failures = new ArrayList<>();
        for (Location location : readable) {
            try {
                OptionalLong size = storage.size(location.config(), location.key());
                if (size.isEmpty()) {
                    failures.add(location.describe() + ": the object " + location.key() + " does not exist");
                } else if (size.getAsLong() != location.storedSize()) {
                    String why = "holds " + size.getAsLong() + " bytes where " + location.storedSize() + " were stored";
                    damaged(backupId, location, why);
                    failures.add(location.describe() + ": " + why);
                } else {
                    if (!failures.isEmpty()) {
                        LOG.warn("Backup {}: read from {} ({})", backupId, location.describe(), String.join("; ", failures));
                    }
                    return location;
                }
            } catch (StorageFailed e) {
                failures.add(location.describe() + ": " + e.getMessage());
            }
        }
        throw new StorageFailed("no stored object of backup " + backupId + " can be read: " + String.join("; ", failures), null);
    }

    /**
     * The chosen location's bytes from {@code offset} on: decrypted, or as stored when {@code raw}. A whole download is
     * checked against the record as it streams and withheld its last byte when it differs, so that a client never
     * gets a complete wrong file; the location is then recorded as damaged and the next download reads another one.
     */
    public InputStream open(String backupId, Location source, String archiveChecksum, long offset, boolean raw) throws IOException {
        InputStream in = new RedactedReads(raw ? storage.openStored(source.config(), source.key(), offset)
                : storage.open(source.config(), source.key(), offset), source.config());
        String expected = raw ? source.storedChecksum() : archiveChecksum;
        if (offset > 0 || expected == null) {
            return in;
        }
        return new CheckedDownload(in, expected, actual -> damaged(backupId, source,
                "its bytes' SHA-256 is " + actual + " where " + expected + " was stored"));
    }

    /** Records that a location does not hold what was stored there: readers go to another one first from now on. */
    public void damaged(String backupId, Location location, String why) {
        LOG.error("Backup {}: {} is damaged ({}): readers use another location first; delete and back up again, or keep it"
                + " for inspection", backupId, location.describe(), why);
        damageRecorder.accept(location.damageParams(backupId));
    }
}
