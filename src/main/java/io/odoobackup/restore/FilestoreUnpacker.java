package io.odoobackup.restore;

import io.odoobackup.backup.BackupFailure;
import io.odoobackup.environment.Container;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.platform.Metered;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Unpacks a backup's filestore into a new folder beside the environment's filestore, by tar in the Odoo container, fed
 * as the checked filestore streams out of the archive (or, for an incremental backup, out of the pool). Folders the restore made are removed by name.
 */
public final class FilestoreUnpacker {

    private final BackupArchive archive;

    public FilestoreUnpacker(BackupArchive archive) {
        this.archive = archive;
    }

    public void unpack(RestoreJob job) throws Exception {
        String folder = job.getNames().newFilestore();
        run(job.getOdooContainer(), List.of("mkdir", "-p", folder), null, "Creating " + folder);
        try (InputStream tar = archive.filestoreTar(job)) {
            run(job.getOdooContainer(), List.of("tar", "-xf", "-", "-C", folder),
                    Metered.input(tar, job.getParallelProgress().listener("filestore")),
                    "Unpacking the filestore into " + folder);
        }
        job.getParallelProgress().done("filestore");
    }

    /** Removes a folder this restore made (its name carries the restore's suffix); one that is gone is fine. */
    public void remove(Container container, RestoreJob job, String folder) throws IOException, InterruptedException {
        RestoreJob.Names names = job.getNames();
        if (!folder.equals(names.newFilestore()) && !folder.equals(names.oldFilestore())) {
            throw new IllegalArgumentException("Not a folder of this restore: " + folder);
        }
        run(container, List.of("rm", "-rf", "--", folder), null, "Removing " + folder);
    }

    private void run(Container container, List<String> command, InputStream stdin, String what) throws IOException, InterruptedException {
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        DockerExec.Result result = container.run(command, stdin, stdin == null ? ignored : OutputStream.nullOutputStream());
        if (result.exitCode() != 0) {
            throw new BackupFailure(what + " failed " + result.describe());
        }
    }
}
