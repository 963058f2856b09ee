package io.odoobackup.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.backup.ProgressPlan;
import io.odoobackup.backup.TaskOwner;
import io.odoobackup.backup.TaskProgress;
import io.odoobackup.pool.PoolFiles;
import io.odoobackup.pool.PoolIndex;
import io.odoobackup.pool.PoolSweep;
import io.odoobackup.platform.Metered;
import io.odoobackup.platform.Sha256;
import io.odoobackup.platform.SqlFiles;
import io.odoobackup.security.Names;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the catalog from what a storage holds (docs/api.md §13): every backup object under the configuration's
 * folder of its organization is read whole (decrypted with the organization's identities when encrypted), its
 * entries checked against its manifest.json, and a record re-created for it when the records lack one. Objects are
 * never changed; a second rescan finds every record present. A small store class rather than camel-sql: it writes
 * as it reads, object by object, from inside one long task, on a thread of its own (not a route's exchange: a stop
 * ends it between two objects instead of waiting for the whole storage to be read).
 */
public final class CatalogRescan extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogRescan.class);
    /** How long a rescan's task stays its instance's without renewal; a dead instance's rescan fails once it runs out. */
    static final int LEASE_SECONDS = 60;
    /** At most this many unreadable objects are named in the task's result (the count covers all). */
    private static final int NAMED_PROBLEMS = 20;

    private final DataSource dataSource;
    private final StorageDrivers storage;
    private final TaskProgress progress;
    private final ObjectMapper json;
    private final PoolFiles pool;
    private final PoolSweep sweep;
    private ScheduledExecutorService renewals;
    private ExecutorService runs;

    public CatalogRescan(DataSource dataSource, StorageDrivers storage, TaskProgress progress, ObjectMapper json, PoolFiles pool,
            PoolSweep sweep) {
        this.pool = pool;
        this.sweep = sweep;
        this.dataSource = dataSource;
        this.storage = storage;
        this.progress = progress;
        this.json = json;
    }

    /** One rescan: its configuration and its task. */
    public record Rescan(StorageConfig config, String taskId) implements TaskOwner {
        @Override
        public String getTaskId() {
            return taskId;
        }

        @Override
        public String taskLabel() {
            return "Rescan";
        }

        @Override
        public ProgressPlan progressPlan() {
            return ProgressPlan.RESCAN;
        }
    }

    /** POST …/rescan: the rescan's task is recorded, the answer (202) names it, and the rescan runs on. */
    public Map<String, Object> start(StorageConfig config) throws SQLException {
        Rescan rescan = accept(config);
        runs.execute(() -> run(rescan));
        return Map.of("task_id", rescan.taskId(), "storage_config_id", config.id(), "status", "running");
    }

    @Override
    protected void doStart() {
        AtomicInteger count = new AtomicInteger();
        runs = Executors.newCachedThreadPool(r -> new Thread(r, "rescan-" + count.incrementAndGet()));
        renewals = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rescan-lease"));
    }

    /** A running rescan ends between two objects, failed as interrupted; one that cannot, with its lease. */
    @Override
    protected void doStop() throws InterruptedException {
        if (runs == null) { // a stop during the start, before this service started
            return;
        }
        runs.shutdownNow();
        runs.awaitTermination(2, TimeUnit.SECONDS);
        renewals.shutdownNow();
    }

    /** The rescan's task, recorded before the answer: it belongs to the configuration's organization. */
    private Rescan accept(StorageConfig config) throws SQLException {
        String taskId = UUID.randomUUID().toString();
        SqlFiles.update(dataSource, "rescan-accepted", Map.of("id", taskId, "message", "Rescan of storage " + config.name() + " started",
                "organization_id", config.organizationId(), "lease_seconds", LEASE_SECONDS));
        return new Rescan(config, taskId);
    }

    /** Reads every backup object of the configuration's organization and re-creates the missing records. */
    private void run(Rescan rescan) {
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(rescan), LEASE_SECONDS / 3, LEASE_SECONDS / 3, TimeUnit.SECONDS);
        try {
            StorageConfig config = rescan.config();
            String folder = config.prefixed("backups/" + config.organizationId());
            Pattern layout = Pattern.compile(Pattern.quote(folder) + "/([^/]+)/([^/]+)\\.zip(\\.age)?");
            List<String> keys = storage.list(config, folder);
            int found = 0;
            int created = 0;
            int skipped = 0;
            List<String> problems = new ArrayList<>();
            int unreadable = 0;
            for (String key : keys) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("the service stops");
                }
                Matcher parts = layout.matcher(key);
                if (!parts.matches() || !Names.ID.test(parts.group(1)) || !Names.UUID.test(parts.group(2))) {
                    continue; // not a backup of this service (a file someone else put there)
                }
                found++;
                progress.stage(rescan, ProgressPlan.RESCAN_READING.step(), ProgressPlan.RESCAN_READING.at(found, keys.size()),
                        "Reading " + key + " (" + found + " of at most " + keys.size() + ")");
                if (exists(parts.group(2))) {
                    skipped++;
                    continue;
                }
                try {
                    Found backup = read(config, key, parts.group(1), parts.group(2), parts.group(3) != null);
                    try {
                        insert(backup, rescan.taskId());
                        referenced(backup);
                    } finally {
                        if (backup.index() != null) {
                            Files.deleteIfExists(backup.index());
                        }
                    }
                    created++;
                } catch (IOException | Unreadable e) {
                    unreadable++;
                    String problem = key + ": " + config.redact(e.getMessage());
                    LOG.warn("Rescan of storage {}: {}", config.id(), problem);
                    if (problems.size() < NAMED_PROBLEMS) {
                        problems.add(problem);
                    }
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("found", found);
            result.put("created", created);
            result.put("skipped", skipped);
            result.put("unreadable", unreadable);
            result.put("problems", problems);
            String message = String.format("Rescan completed: %d backups found, %d records created, %d present, %d unreadable",
                    found, created, skipped, unreadable);
            LOG.info("Storage {} ({}): {}", config.id(), config.name(), message);
            progress.completed(rescan, message, json.valueToTree(result).toString());
        } catch (InterruptedIOException e) {
            fail(rescan, "interrupted: the service stopped; run it again (it only adds what is missing)");
        } catch (IOException | SQLException | RuntimeException e) {
            fail(rescan, storage.describe(rescan.config(), e) + "; run it again once that is mended (it only adds what is missing)");
        } finally {
            renewal.cancel(false);
        }
    }

    private void fail(Rescan rescan, String reason) {
        LOG.warn("Rescan of storage {} failed: {}", rescan.config().id(), reason);
        try {
            progress.failed(rescan, reason);
        } catch (SQLException e) {
            LOG.warn("Rescan {}: its failure could not be recorded ({}); its lease runs out instead", rescan.taskId(), e.getMessage());
        }
    }

    private void renew(Rescan rescan) {
        try {
            SqlFiles.update(dataSource, "rescan-lease-renew", Map.of("lease_seconds", LEASE_SECONDS, "id", rescan.taskId()));
        } catch (SQLException e) {
            LOG.warn("Rescan {}: its lease could not be renewed ({}); it is tried again shortly", rescan.taskId(), e.getMessage());
        }
    }

    private boolean exists(String backupId) throws SQLException {
        return SqlFiles.first(dataSource, "backup-exists", Map.of("id", backupId)).isPresent();
    }

    /** A backup object that cannot give a record: what is wrong with it, in words for the task's result. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    /** What one object says of itself, and what its bytes are. */
    private record Found(StorageConfig config, String key, String environmentId, String backupId, boolean encrypted, JsonNode manifest,
            long storedSize, String storedChecksum, long archiveSize, String archiveChecksum, Path index) {
    }

    /**
     * An incremental backup's pool files are referenced again, as its backup wrote them: no sweep then removes a file
     * it lists. A listed file whose object the storage holds is recorded as stored, as its upload once was: the next
     * backup does not upload it again, and a sweep removes it once no backup lists it. One that is missing is left
     * unrecorded: the next backup that lists the file uploads it, and the recovered backup's pool check finds it missing
     * until then.
     */
    private void referenced(Found found) throws IOException, SQLException {
        if (found.index() == null) {
            return;
        }
        try (PoolIndex.Lines lines = new PoolIndex.Lines(Files.newInputStream(found.index()))) {
            for (List<PoolIndex.Entry> batch; !(batch = lines.next(1000)).isEmpty(); ) {
                referenced(found, batch);
            }
        }
    }

    private void referenced(Found found, List<PoolIndex.Entry> batch) throws IOException, SQLException {
        StorageConfig config = found.config();
        Map<String, PoolIndex.Entry> unrecorded = new LinkedHashMap<>();
        batch.forEach(entry -> unrecorded.putIfAbsent(config.poolKey(entry.sha1(), found.encrypted()), entry));
        pool.referenced(found.backupId(), config, unrecorded.keySet());
        unrecorded.keySet().removeAll(pool.present(config, unrecorded.keySet()));
        for (Map.Entry<String, PoolIndex.Entry> file : unrecorded.entrySet()) {
            sweep.finish(config, file.getKey()); // an object a sweep had marked is gone, not recorded as stored
            OptionalLong size = storage.size(config, file.getKey());
            // a plain object is the file itself; an encrypted one's size is the file's plus age's framing
            if (size.isPresent() && (found.encrypted() || size.getAsLong() == file.getValue().size())) {
                pool.stored(config, file.getKey(), file.getValue().sha1(), file.getValue().size());
            }
        }
    }

    private Found read(StorageConfig config, String key, String environmentId, String backupId, boolean encrypted) throws IOException {
        Path[] index = {null};
        try {
            return read(config, key, environmentId, backupId, encrypted, index);
        } catch (IOException | RuntimeException e) {
            if (index[0] != null) {
                Files.deleteIfExists(index[0]);
            }
            throw e;
        }
    }

    private Found read(StorageConfig config, String key, String environmentId, String backupId, boolean encrypted, Path[] indexFile)
            throws IOException {
        MessageDigest stored = Sha256.digest();
        MessageDigest archive = Sha256.digest();
        long[] storedSize = {0};
        long[] archiveSize = {0};
        Map<String, long[]> sizes = new HashMap<>();
        Map<String, String> checksums = new HashMap<>();
        JsonNode manifest = null;
        Path index = null;
        try (InputStream raw = new DigestInputStream(Metered.input(storage.openStored(config, key), n -> storedSize[0] = n), stored)) {
            InputStream plain;
            try {
                plain = new DigestInputStream(Metered.input(storage.plaintext(config, key, raw), n -> archiveSize[0] = n), archive);
            } catch (IOException e) {
                throw new Unreadable("it cannot be decrypted with the organization's identities (" + e.getMessage()
                        + "): import them first (POST /api/v1/organizations/" + config.organizationId() + "/encryption/import)");
            }
            ZipArchiveInputStream zip = new ZipArchiveInputStream(plain);
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals(ArchiveLayout.MANIFEST)) {
                    manifest = json.readTree(zip.readNBytes(1 << 20));
                    continue;
                }
                MessageDigest sha256 = Sha256.digest();
                long size;
                if (entry.getName().equals(ArchiveLayout.FILESTORE_INDEX)) {
                    index = Files.createTempFile("rescan-", ".index"); // the pool files it lists, referenced once its record is in
                    indexFile[0] = index;
                    try (OutputStream out = Files.newOutputStream(index)) {
                        size = new DigestInputStream(zip, sha256).transferTo(out);
                    }
                } else {
                    size = new DigestInputStream(zip, sha256).transferTo(OutputStream.nullOutputStream());
                }
                sizes.put(entry.getName(), new long[] {size});
                checksums.put(entry.getName(), Sha256.checksum(sha256));
            }
            plain.transferTo(OutputStream.nullOutputStream()); // the central directory: the archive's checksum covers it
        } catch (Unreadable e) {
            throw e;
        } catch (IOException e) {
            throw new Unreadable("it cannot be read whole (" + e.getMessage() + "): it is damaged or not a ZIP of this service");
        }
        if (manifest == null) {
            throw new Unreadable("it holds no manifest.json: it is not a backup of this service");
        }
        if (!backupId.equals(manifest.path("backup_id").asText()) || !environmentId.equals(manifest.path("environment_id").asText())) {
            throw new Unreadable("its manifest names backup " + manifest.path("backup_id").asText() + " of environment "
                    + manifest.path("environment_id").asText() + ", not the ones its key says: it was moved or renamed, and is left alone");
        }
        check(manifest.path("database"), ArchiveLayout.DUMP, sizes, checksums);
        if (manifest.hasNonNull("filestore")) {
            check(manifest.path("filestore"), ArchiveLayout.filestoreEntry(ArchiveLayout.filestoreFormat(manifest)), sizes, checksums);
        }
        return new Found(config, key, environmentId, backupId, encrypted, manifest, storedSize[0], Sha256.checksum(stored),
                archiveSize[0], Sha256.checksum(archive), index);
    }

    private static void check(JsonNode expected, String name, Map<String, long[]> sizes, Map<String, String> checksums) {
        if (!sizes.containsKey(name)) {
            throw new Unreadable("its manifest names " + name + ", which the archive does not hold");
        }
        if (sizes.get(name)[0] != expected.path("size").asLong() || !checksums.get(name).equals(expected.path("checksum").asText())) {
            throw new Unreadable(name + " is not what its manifest says (" + sizes.get(name)[0] + " bytes, " + checksums.get(name)
                    + "): the backup is damaged");
        }
    }

    private void insert(Found found, String taskId) throws SQLException {
        JsonNode manifest = found.manifest();
        Instant created = Instant.parse(manifest.path("created_at").asText());
        JsonNode retention = manifest.path("retention");
        String expires = retention.path("expires_at").asText(null);
        long databaseSize = manifest.path("database").path("size").asLong();
        long filestoreSize = ArchiveLayout.filestoreBytes(manifest).asLong();
        Timestamp at = Timestamp.from(created);
        SqlFiles.update(dataSource, "backup-recovered", SqlFiles.parameters(
                "id", found.backupId(),
                "organization_id", found.config().organizationId(),
                "environment_id", found.environmentId(),
                "storage_config_id", found.config().id(),
                "task_id", taskId, // the rescan's task made the record
                "backup_type", manifest.path("backup_type").asText("manual"),
                "backup_key", found.key(),
                "include_filestore", manifest.hasNonNull("filestore"),
                "database_size", databaseSize,
                "filestore_size", filestoreSize,
                "total_size", databaseSize + filestoreSize,
                "compressed_size", found.storedSize(),
                "created_at", at,
                "retention_type", retention.path("type").asText("daily"),
                "expires_at", expires == null || expires.isEmpty() ? null : Timestamp.from(Instant.parse(expires)),
                "database_checksum", manifest.path("database").path("checksum").asText(),
                "filestore_checksum", manifest.hasNonNull("filestore") ? manifest.path("filestore").path("checksum").asText() : null,
                "filestore_format", ArchiveLayout.filestoreFormat(manifest),
                "archive_checksum", found.archiveChecksum(),
                "environment_snapshot", manifest.path("environment_snapshot").toString(),
                "archive_size", found.archiveSize(),
                "stored_checksum", found.storedChecksum(),
                "encryption", found.encrypted() ? "age" : "none"));
    }
}
