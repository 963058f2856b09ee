package io.odoobackup.restore;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.backup.ParallelProgress;
import io.odoobackup.backup.ProgressPlan;
import io.odoobackup.backup.TaskProgress;
import java.sql.SQLException;

/**
 * The database load and the filestore unpack run side by side: one progress figure from 45 to 88 by their bytes
 * together, against the sizes the manifest gives.
 */
public final class RestoreProgress {

    private final TaskProgress progress;

    public RestoreProgress(TaskProgress progress) {
        this.progress = progress;
    }

    public void begin(RestoreJob job) throws SQLException {
        ParallelProgress stage = progress.parallel(job, ProgressPlan.RESTORE_DATA, "Restoring")
                .part("database", "the database", job.getResult().getManifest().path("database").path("size").asLong(-1));
        if (job.restoresFilestore()) {
            stage.part("filestore", "the filestore", ArchiveLayout.filestoreBytes(job.getResult().getManifest()).asLong(-1));
        }
        job.setParallelProgress(stage);
        stage.begin();
    }
}
