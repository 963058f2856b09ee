package io.odoobackup.restore;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.copies.Location;
import io.odoobackup.copies.Locations;
import io.odoobackup.platform.Sha256;
import io.odoobackup.pool.PoolReader;
import io.odoobackup.storage.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * POST /backups/{id}/verify-pool (docs/api.md §15): every pool file an incremental backup lists, read back from the
 * storage its archive is read from and hashed. The index comes out of the stored archive as it streams, checked against
 * the record's checksum.
 */
public final class PoolVerification {

    private final Locations locations;
    private final PoolReader pool;

    public PoolVerification(Locations locations, PoolReader pool) {
        this.locations = locations;
        this.pool = pool;
    }

    public Map<String, Object> verify(Map<String, Object> backup, Location source) throws IOException, SQLException {
        Instant started = Instant.now();
        String backupId = (String) backup.get("id");
        PoolReader.Checked checked = null;
        try (InputStream stored = locations.open(backupId, source, (String) backup.get("archive_checksum"), 0, false)) {
            ZipArchiveInputStream zip = new ZipArchiveInputStream(stored);
            for (ZipArchiveEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(ArchiveLayout.FILESTORE_INDEX)) {
                    MessageDigest sha256 = Sha256.digest();
                    InputStream index = new DigestInputStream(CloseShieldInputStream.wrap(zip), sha256);
                    checked = pool.check(source.config(), StorageDrivers.encrypted(source.key()), index);
                    index.transferTo(OutputStream.nullOutputStream());
                    if (!Sha256.checksum(sha256).equals(backup.get("filestore_checksum"))) {
                        throw new IOException("the archive's filestore.index is not what was stored: the backup is damaged");
                    }
                }
            }
            stored.transferTo(OutputStream.nullOutputStream()); // to the archive's end: its checksum is checked there
        }
        if (checked == null) {
            throw new IOException("the archive holds no filestore.index");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backup_id", backupId);
        result.put("ok", checked.damaged().isEmpty());
        result.put("files", checked.files());
        result.put("bytes", checked.bytes());
        result.put("damaged", checked.damaged().size());
        result.put("damaged_files", checked.damaged().subList(0, Math.min(20, checked.damaged().size())));
        result.put("fetched_from", source.view());
        result.put("seconds", Duration.between(started, Instant.now()).toSeconds());
        result.put("message", checked.damaged().isEmpty()
                ? "Every one of the " + checked.files() + " pool files this backup lists is there and is the file backed up"
                : checked.damaged().size() + " of the " + checked.files() + " pool files this backup lists are missing or damaged:"
                        + " the backup is marked damaged; the next backup of a filestore holding them uploads them again");
        return result;
    }
}
