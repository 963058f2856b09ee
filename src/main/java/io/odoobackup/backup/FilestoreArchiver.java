package io.odoobackup.backup;

import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.util.List;
import org.anarres.parallelgzip.ParallelGZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an uncompressed tar of the Odoo filestore out of its container and gzips it here on every
 * core into filestore.tar.gz: single-core gzip inside the container is the slowest part otherwise.
 */
public final class FilestoreArchiver {

    private static final Logger LOG = LoggerFactory.getLogger(FilestoreArchiver.class);

    private final DockerExec docker;

    public FilestoreArchiver(DockerExec docker) {
        this.docker = docker;
    }

    public void archive(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        DigestingFile file = new DigestingFile(job.getWorkDir().resolve("filestore.tar.gz"));
        DockerExec.Result result;
        try (file; ParallelGZIPOutputStream gzip = new ParallelGZIPOutputStream(file)) {
            TarFiles tar = new TarFiles(Metered.output(gzip, job.getParallelProgress().listener("filestore")));
            result = docker.run(job.getOdooContainer(), List.of("tar", "-cf", "-", "-C", env.filestorePath(), "."), tar);
            job.setFilestoreFiles(tar.files());
        }
        // GNU tar exits 1 when a file changed while it was read: the archive is whole, so keep it and say so
        if (result.exitCode() == 1) {
            LOG.warn("Backup {}: tar reports files changed while archiving: {}", job.getBackupId(), result.stderr());
        } else if (result.exitCode() != 0) {
            throw new BackupFailure("Filestore archive in container " + env.odooContainer() + " failed " + result.describe());
        }
        job.setFilestore(file.artifact());
        job.getParallelProgress().done("filestore");
    }
}
