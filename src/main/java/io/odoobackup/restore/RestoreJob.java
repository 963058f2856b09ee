package io.odoobackup.restore;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.backup.Leased;
import io.odoobackup.backup.Leases;
import io.odoobackup.backup.ParallelProgress;
import io.odoobackup.backup.ProgressPlan;
import io.odoobackup.backup.TaskOwner;
import io.odoobackup.copies.Location;
import io.odoobackup.environment.Container;
import io.odoobackup.environment.Environment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One restore on its way: the backup it restores, the environment it restores into, and the names of what it
 * creates there (recorded before they exist, so that a restarted instance finds them). Routes read it as the
 * exchange property {@code restore}.
 */
public final class RestoreJob implements TaskOwner, Leased {

    private final String restoreId;
    private final RestoreRequest request;
    private final String taskId;
    private final Map<String, Object> backup;
    private final Environment target;
    private ParallelProgress parallelProgress;
    private final Names names;
    private List<Location> locations = List.of();
    private Container dbContainer;
    private Container odooContainer;
    private Path workDir;
    private String stage;
    private final RestoreResult result = new RestoreResult();

    /** What the restore creates next to the target's database and filestore, and calls the old ones after the swap. */
    public record Names(String db, String newDb, String oldDb, String filestore, String newFilestore, String oldFilestore) {

        /**
         * Names made of the target's own, the kind and a suffix of the restore's id ({@code restore}, or
         * {@code verify} for a check's scratch database); database names stay within 63 bytes.
         */
        static Names of(String restoreId, Environment target, String kind) {
            String suffix = restoreId.replace("-", "").substring(0, 8);
            String base = target.dbName().length() > 40 ? target.dbName().substring(0, 40) : target.dbName();
            String path = target.filestorePath().replaceAll("/+$", "");
            return new Names(target.dbName(), base + "_" + kind + "_" + suffix, base + "_old_" + suffix,
                    path, path + "." + kind + "-" + suffix, path + ".old-" + suffix);
        }
    }

    public RestoreJob(String restoreId, RestoreRequest request, String taskId, Map<String, Object> backup, Environment target,
                      Names names, String stage) {
        this.restoreId = restoreId;
        this.request = request;
        this.taskId = taskId;
        this.backup = Collections.unmodifiableMap(new LinkedHashMap<>(backup)); // a row: some columns are null
        this.target = target;
        this.names = names;
        this.stage = stage;
    }

    public String getRestoreId() {
        return restoreId;
    }

    @Override
    public String getTaskId() {
        return taskId;
    }

    @Override
    public String taskLabel() {
        return isCheck() ? "Restore check" : "Restore";
    }

    @Override
    public ProgressPlan progressPlan() {
        return ProgressPlan.RESTORE;
    }

    /** A restore check: loads into a scratch database, never touches the environment's own. */
    public boolean isCheck() {
        return request.isCheck();
    }

    @Override
    public String leaseId() {
        return restoreId;
    }

    @Override
    public Leases.Table leaseTable() {
        return Leases.Table.RESTORE;
    }

    /** The backup record being restored. */
    public Map<String, Object> getBackup() {
        return backup;
    }

    /** When the backup was made: the time an incremental backup's files are given back with. */
    public Instant getBackupCreatedAt() {
        return createdAt(backup);
    }

    /** A backup record's time of creation, as the records give it. */
    static Instant createdAt(Map<String, Object> backup) {
        Object created = backup.get("created_at");
        return created instanceof java.sql.Timestamp t ? t.toInstant()
                : created instanceof java.time.OffsetDateTime o ? o.toInstant() : Instant.EPOCH;
    }

    public String getBackupId() {
        return (String) backup.get("id");
    }

    public Environment getTarget() {
        return target;
    }

    public String getTargetEnvironmentId() {
        return target.id();
    }

    /** What was asked of this restore. */
    public RestoreRequest getRequest() {
        return request;
    }

    public boolean isIncludeFilestore() {
        return request.includeFilestore();
    }

    public boolean isPreRestoreBackup() {
        return request.preRestoreBackup();
    }

    public Names getNames() {
        return names;
    }

    /** Where the backup lies, in the order the fetch tries: its object, then its verified copies. */
    public List<Location> getLocations() {
        return locations;
    }

    public void setLocations(List<Location> locations) {
        this.locations = List.copyOf(locations);
    }

    public Container getDbContainer() {
        return dbContainer;
    }

    public void setDbContainer(Container dbContainer) {
        this.dbContainer = dbContainer;
    }

    public Container getOdooContainer() {
        return odooContainer;
    }

    public void setOdooContainer(Container odooContainer) {
        this.odooContainer = odooContainer;
    }

    public Path getWorkDir() {
        return workDir;
    }

    public void setWorkDir(Path workDir) {
        this.workDir = workDir;
    }

    /** How far the restore got: see RestoreStage. */
    public String getStage() {
        return stage;
    }

    public void setStage(String stage) {
        this.stage = stage;
    }

    /** Whether the archive holds a filestore (checked like the dump, whether restored or not). */
    public boolean hasFilestore() {
        return result.getManifest() != null && result.getManifest().hasNonNull("filestore");
    }

    /** The archive's entry that holds the filestore: filestore.tar.gz, or an incremental backup's filestore.index. */
    public String getFilestoreEntry() {
        return ArchiveLayout.filestoreEntry(getFilestoreFormat());
    }

    /** The manifest's filestore format ("tar.gz", or "index" for an incremental backup), null without a filestore. */
    public String getFilestoreFormat() {
        return result.getManifest() == null ? null : ArchiveLayout.filestoreFormat(result.getManifest());
    }

    /** Whether the archive holds a filestore that this restore puts in place. */
    public boolean restoresFilestore() {
        return request.includeFilestore() && hasFilestore();
    }

    @Override
    public String toString() {
        return "RestoreJob[" + restoreId + " of backup " + getBackupId() + " into " + target.id() + "]";
    }

    /** The progress of the database load and the filestore unpack together, set up before they start. */
    public ParallelProgress getParallelProgress() {
        return parallelProgress;
    }

    public void setParallelProgress(ParallelProgress parallelProgress) {
        this.parallelProgress = parallelProgress;
    }

    /** What this restore made so far. */
    public RestoreResult getResult() {
        return result;
    }
}
