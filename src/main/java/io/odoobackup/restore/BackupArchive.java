package io.odoobackup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.backup.Artifact;
import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.Digesting;
import io.odoobackup.backup.ProgressPlan;
import io.odoobackup.backup.TaskProgress;
import io.odoobackup.copies.Location;
import io.odoobackup.copies.Locations;
import io.odoobackup.platform.Metered;
import io.odoobackup.pool.PoolReader;
import io.odoobackup.platform.Sha256;
import io.odoobackup.platform.Streams;
import io.odoobackup.storage.StorageDrivers;
import io.odoobackup.storage.StorageFailed;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A backup's object on its way back: fetched into the work folder and checked against the record (size and
 * SHA-256 of the whole), then every entry against the manifest's checksum, before any of it is used. Entries
 * are then read again through a check of their checksum, so that what is loaded is what was checked. Each
 * {@link #open} has its own view of the file, so entries can be read on several threads at once.
 */
public final class BackupArchive {

    private final StorageDrivers storage;
    private final TaskProgress progress;
    private final ObjectMapper json;
    private final Locations locations;
    private final PoolReader pool;

    public BackupArchive(StorageDrivers storage, TaskProgress progress, ObjectMapper json, Locations locations, PoolReader pool) {
        this.pool = pool;
        this.storage = storage;
        this.progress = progress;
        this.json = json;
        this.locations = locations;
    }

    /**
     * Fetches the backup into the work folder from the first of its locations that gives it whole: the stored bytes
     * are checked against that location's stored size and checksum, and their content (decrypted when encrypted)
     * against the archive's. A location that cannot be read, or holds damaged bytes, is passed over for the next (a
     * damaged one recorded as such); the restore says which one it used. None giving it stops the restore before
     * anything changed.
     */
    public void fetch(RestoreJob job) throws IOException, SQLException {
        List<String> failures = new ArrayList<>();
        for (Location location : job.getLocations()) {
            try {
                fetchFrom(job, location);
            } catch (Damaged e) {
                locations.damaged(job.getBackupId(), location, e.getMessage());
                failures.add(location.describe() + ": " + e.getMessage());
                continue;
            } catch (IOException e) {
                failures.add(location.describe() + ": " + e.getMessage());
                continue;
            } finally {
                if (job.getResult().getArchive() == null) {
                    Files.deleteIfExists(job.getWorkDir().resolve("backup.zip"));
                }
            }
            if (!failures.isEmpty()) {
                progress.stage(job, ProgressPlan.RESTORE_FETCHING.step(), ProgressPlan.RESTORE_FETCHING.to(), "Fetched from " + location.describe() + " (" + String.join("; ", failures) + ")");
            }
            return;
        }
        throw new BackupFailure((failures.size() == 1 ? "The backup could not be fetched from " + failures.get(0)
                : "No location of the backup could be fetched: " + String.join("; ", failures)) + ". Nothing was changed");
    }

    private void fetchFrom(RestoreJob job, Location location) throws IOException {
        Map<String, Object> backup = job.getBackup();
        String key = location.key();
        long size = backup.get("archive_size") == null ? location.storedSize() : ((Number) backup.get("archive_size")).longValue();
        MessageDigest stored = Sha256.digest();
        long[] storedRead = {0};
        Digesting file = new Digesting(job.getWorkDir().resolve("backup.zip"),
                progress.transfer(job, ProgressPlan.RESTORE_FETCHING, "Fetching the backup", size));
        try (file; InputStream raw = new DigestInputStream(Metered.input(storage.openStored(location.config(), key),
                n -> storedRead[0] = n), stored)) {
            storage.plaintext(location.config(), key, raw).transferTo(file);
        } catch (StorageFailed e) {
            throw e;
        } catch (IOException e) {
            if (!StorageDrivers.encrypted(key)) {
                throw e;
            }
            throw new Damaged("its object does not decrypt (" + e.getMessage() + "): it was damaged in storage");
        }
        Artifact fetched = file.artifact();
        String storedChecksum = Sha256.checksum(stored);
        String recorded = location.storedChecksum();
        if (storedRead[0] != location.storedSize() || (recorded != null && !recorded.equals(storedChecksum))) {
            throw new Damaged("its object is not what was stored (" + storedRead[0] + " bytes, " + storedChecksum
                    + "; the record says " + location.storedSize() + " bytes, " + recorded + "): it was damaged in storage");
        }
        if (fetched.size() != size || !fetched.checksum().equals(backup.get("archive_checksum"))) {
            throw new Damaged("its object is not what was stored (" + fetched.size() + " bytes, " + fetched.checksum()
                    + "; the record says " + size + " bytes, " + backup.get("archive_checksum") + "): it was damaged in storage");
        }
        job.getResult().fetched(location, fetched.path());
    }

    /** Bytes read back whole that are not the ones stored. */
    private static final class Damaged extends IOException {
        Damaged(String message) {
            super(message);
        }
    }

    /** Reads manifest.json; every entry it names must be in the archive (and is then checked by {@link #verify}). */
    public void readManifest(RestoreJob job) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(job.getResult().getArchive()).get()) {
            ZipArchiveEntry manifestEntry = zip.getEntry(ArchiveLayout.MANIFEST);
            if (manifestEntry == null) {
                throw new BackupFailure("The backup has no manifest.json: it is not an archive of this service");
            }
            JsonNode manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = json.readTree(in);
            }
            for (String name : ArchiveLayout.described(ArchiveLayout.filestoreFormat(manifest))) {
                if (zip.getEntry(name) == null) {
                    throw new BackupFailure("The backup's manifest names " + name + ", which the archive does not hold");
                }
            }
            job.getResult().manifestRead(manifest);
        }
    }

    /** Reads one entry whole and checks it against the manifest's size and checksum; entries may be checked side by side. */
    public void verify(RestoreJob job, String name) throws IOException {
        JsonNode expected = job.getResult().getManifest().path(ArchiveLayout.section(name));
        try (InputStream in = open(job, name)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            if (size != expected.path("size").asLong()) {
                throw new BackupFailure(name + " holds " + size + " bytes where the manifest says " + expected.path("size").asLong());
            }
        }
    }

    /**
     * The filestore as an uncompressed tar: filestore.tar.gz unzipped, or the files an incremental backup's filestore.index
     * lists, read from the pool of the storage the archive came from and checked file by file as they pass.
     */
    public InputStream filestoreTar(RestoreJob job) throws IOException {
        if (!ArchiveLayout.INDEX_FORMAT.equals(job.getFilestoreFormat())) {
            return new GZIPInputStream(open(job, ArchiveLayout.FILESTORE), 1 << 16);
        }
        Location source = job.getResult().getSource();
        return pool.tar(source.config(), StorageDrivers.encrypted(source.key()), open(job, ArchiveLayout.FILESTORE_INDEX),
                job.getBackupCreatedAt());
    }

    /** An entry's bytes; reading past its end fails when they are not the manifest's. */
    public InputStream open(RestoreJob job, String name) throws IOException {
        ZipFile zip = ZipFile.builder().setPath(job.getResult().getArchive()).get();
        ZipArchiveEntry entry = zip.getEntry(name);
        return new Checked(zip.getInputStream(entry), name, job.getResult().getManifest().path(ArchiveLayout.section(name)).path("checksum").asText()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    /** A stream that fails at its end when its SHA-256 is not the expected one. */
    private static class Checked extends FilterInputStream {

        private final String name;
        private final String expected;
        private final MessageDigest sha256;
        private boolean checked;

        Checked(InputStream in, String name, String expected) {
            super(in);
            this.name = name;
            this.expected = expected;
            this.sha256 = Sha256.digest();
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                sha256.update(buffer, offset, n);
            } else if (n < 0 && !checked) {
                checked = true;
                String actual = Sha256.checksum(sha256);
                if (!actual.equals(expected)) {
                    throw new BackupFailure(name + " does not match the manifest's checksum (" + actual + ", expected "
                            + expected + "): the backup is damaged. Nothing was changed");
                }
            }
            return n;
        }
    }
}
