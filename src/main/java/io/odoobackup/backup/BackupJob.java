package io.odoobackup.backup;

import io.odoobackup.environment.Container;
import io.odoobackup.environment.Environment;
import io.odoobackup.retention.RetentionType;
import io.odoobackup.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One backup on its way through the pipeline: what was asked, where it goes, and what each stage
 * produced. Routes read it as the exchange property {@code job}.
 */
public final class BackupJob implements TaskOwner, Leased {

    private final String backupId;
    private final String taskId;
    private final Environment environment;
    private final BackupRequest request;
    private final Instant createdAt;
    private StorageConfig storage;
    private StorageConfig secondary;
    private RetentionType retentionType;
    private Instant expiresAt;
    private Path workDir;
    private ArchiveTransfer transfer;
    private final BackupResult result = new BackupResult();
    private final CompletableFuture<Artifact> dumped = new CompletableFuture<>();
    private final Map<String, long[]> phases = Collections.synchronizedMap(new LinkedHashMap<>());
    private String odooImage;
    private Container dbContainer;
    private Container odooContainer;
    private ParallelProgress parallelProgress;

    public BackupJob(String backupId, String taskId, Environment environment, BackupRequest request, Instant createdAt) {
        this.backupId = backupId;
        this.taskId = taskId;
        this.environment = environment;
        this.request = request;
        this.retentionType = request.retention();
        this.createdAt = createdAt;
        this.odooImage = environment.odooImage();
    }

    /** What was asked of this backup. */
    public BackupRequest getRequest() {
        return request;
    }

    public String getBackupId() {
        return backupId;
    }

    @Override
    public String getTaskId() {
        return taskId;
    }

    @Override
    public String taskLabel() {
        return "Backup";
    }

    @Override
    public ProgressPlan progressPlan() {
        return ProgressPlan.BACKUP;
    }

    @Override
    public String leaseId() {
        return backupId;
    }

    @Override
    public Leases.Table leaseTable() {
        return Leases.Table.BACKUP;
    }

    public Instant getPlannedAt() {
        return request.plannedAt();
    }

    public Instant getWindowEnd() {
        return request.windowEnd();
    }

    public int getAttempt() {
        return request.attempt();
    }

    public Environment getEnvironment() {
        return environment;
    }

    public String getEnvironmentId() {
        return environment.id();
    }

    public String getOrganizationId() {
        return environment.organizationId();
    }

    public BackupType getBackupType() {
        return request.type();
    }

    public boolean isIncludeFilestore() {
        return request.includeFilestore();
    }

    /** The filestore goes to the storage's pool and the archive holds its index (an incremental storage, docs/api.md §15). */
    public boolean isPoolFilestore() {
        return request.includeFilestore() && storage.incremental();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return request.requestedBy();
    }

    public StorageConfig getStorage() {
        return storage;
    }

    public void setStorage(StorageConfig storage) {
        this.storage = storage;
    }

    public String getBackupKey() {
        return storage.backupKey(environment.id(), backupId);
    }

    /** The second storage the backup is copied to once verified on its own, or null. */
    public StorageConfig getSecondary() {
        return secondary;
    }

    public void setSecondary(StorageConfig secondary) {
        this.secondary = secondary;
    }

    /** The copy's key in the second storage: its own prefix, and .age when that storage encrypts. */
    public String getCopyKey() {
        return secondary.backupKey(environment.id(), backupId);
    }

    public String getCopyEncryption() {
        return secondary.encrypted() ? "age" : "none";
    }

    public RetentionType getRetentionType() {
        return retentionType;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public void setRetention(RetentionType retentionType, Instant expiresAt) {
        this.retentionType = retentionType;
        this.expiresAt = expiresAt;
    }

    public Path getWorkDir() {
        return workDir;
    }

    public void setWorkDir(Path workDir) {
        this.workDir = workDir;
    }

    /** The dump, raw-deflated as the ZIP holds it, while it is written and after. */
    public Path getDumpFile() {
        return workDir.resolve("dump.sql.deflate");
    }

    /** This attempt's archive on its way to storage. */
    public ArchiveTransfer getTransfer() {
        return transfer;
    }

    /** A new upload attempt: the archive is written anew into a new transfer. */
    public void setTransfer(ArchiveTransfer transfer) {
        this.transfer = transfer;
    }

    /** The dump, once it is whole in the work folder (or why it failed): the archive follows it until then. */
    public CompletableFuture<Artifact> getDumped() {
        return dumped;
    }

    /** The phase (dump, archive, package, upload, verify) begins now; the log of a completed backup says how long each took. */
    public void phaseStarted(String phase) {
        phases.put(phase, new long[] {System.nanoTime(), 0});
    }

    public void phaseEnded(String phase) {
        long[] times = phases.get(phase);
        if (times != null) {
            times[1] = System.nanoTime();
        }
    }

    /** "dump 3.1 s, archive 8.0 s, ..." for the phases that ended. */
    public String getPhaseTimes() {
        synchronized (phases) {
            return phases.entrySet().stream().filter(e -> e.getValue()[1] != 0)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), (e.getValue()[1] - e.getValue()[0]) / 1e9))
                    .collect(Collectors.joining(", "));
        }
    }

    public String getOdooImage() {
        return odooImage;
    }

    public void setOdooImage(String odooImage) {
        this.odooImage = odooImage;
    }

    /** A restore check follows once the backup has completed (a policy with verify_restore). */
    public boolean isVerifyAfter() {
        return request.verifyAfter();
    }

    /** The restore that holds the environment and runs this backup (a pre-restore backup); null for others. */
    public String getHolder() {
        return request.holder();
    }

    /** The correlation_id of the queue message that asked for this backup, carried by its events; null otherwise. */
    public String getCorrelationId() {
        return request.correlationId();
    }

    /** The database container as inspected and checked at initialization. */
    public Container getDbContainer() {
        return dbContainer;
    }

    public void setDbContainer(Container dbContainer) {
        this.dbContainer = dbContainer;
    }

    /** The Odoo container as inspected and checked at initialization (when the filestore is included). */
    public Container getOdooContainer() {
        return odooContainer;
    }

    public void setOdooContainer(Container odooContainer) {
        this.odooContainer = odooContainer;
    }

    /** Timestamps as SQL parameters (the JDBC driver takes OffsetDateTime, not Instant). */
    public static OffsetDateTime sql(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "BackupJob[" + backupId + " of " + environment.id() + "]";
    }

    /** The progress of the dump and the filestore archive together, set up once their sizes are estimated. */
    public ParallelProgress getParallelProgress() {
        return parallelProgress;
    }

    public void setParallelProgress(ParallelProgress parallelProgress) {
        this.parallelProgress = parallelProgress;
    }

    /** What this backup made so far. */
    public BackupResult getResult() {
        return result;
    }
}
