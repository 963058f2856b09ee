package io.odoobackup.backup;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.archive.Compression;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an uncompressed tar of the Odoo filestore out of its container, gzips it here on every core and writes it
 * as filestore.tar.gz straight into the archive on its way to storage: single-core gzip inside the container would be
 * the slowest part, and a temporary copy would cost its size on disk and a second pass.
 */
public final class FilestoreArchiver {

    private static final Logger LOG = LoggerFactory.getLogger(FilestoreArchiver.class);

    private final Compression compression;

    public FilestoreArchiver(Compression compression) {
        this.compression = compression;
    }

    public void archive(BackupJob job) throws IOException, InterruptedException {
        job.phaseStarted("archive");
        Environment env = job.getEnvironment();
        Digesting entry = new Digesting(job.getTransfer().zip().entry(ArchiveLayout.FILESTORE));
        DockerExec.Result result;
        long files;
        try (entry; OutputStream gzip = compression.gzip(entry)) {
            TarFiles tar = new TarFiles(Metered.output(gzip, job.getParallelProgress().listener("filestore")));
            result = job.getOdooContainer().run(List.of("tar", "-cf", "-", "-C", env.filestorePath(), "."), tar);
            files = tar.files();
            // GNU tar exits 1 when a file changed while it was read: the archive is whole, so keep it and say so
            if (result.exitCode() == 1) {
                LOG.warn("Backup {}: tar reports files changed while archiving: {}", job.getBackupId(), result.stderr());
            } else if (result.exitCode() != 0) {
                throw new BackupFailure("Filestore archive in container " + env.odooContainer() + " failed " + result.describe());
            }
        }
        job.getResult().filestoreArchived(entry.artifact(), files);
        job.getParallelProgress().done("filestore");
        job.phaseEnded("archive");
    }
}
