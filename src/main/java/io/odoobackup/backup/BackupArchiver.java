package io.odoobackup.backup;

import io.odoobackup.archive.ZipStream;
import io.odoobackup.platform.BytePipe;
import io.odoobackup.platform.Futures;
import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * The backup ZIP, written as it is uploaded: filestore.tar.gz first while it is made, then dump.sql taken in from
 * the work folder (deflated while it was dumped), manifest.json last, with the checksums of both. What is written
 * goes into a pipe that the upload reads; either side's failure stops the other (docs/api.md §5 has the layout).
 */
public final class BackupArchiver {

    /** Bytes between the archive being written and its upload: enough to keep both busy, never a part's worth. */
    private static final int PIPE = 1 << 20;

    private final TaskProgress progress;

    public BackupArchiver(TaskProgress progress) {
        this.progress = progress;
    }

    /** A new archive for this upload attempt. */
    public void open(BackupJob job) {
        BytePipe pipe = new BytePipe(PIPE);
        job.setArchiveStream(pipe, new ZipStream(pipe.sink(), job.getCreatedAt()));
    }

    /** Waits for the dump running side by side; its failure is this backup's. */
    public void awaitDump(BackupJob job) throws Exception {
        Futures.join(job.getDumped());
    }

    /** Takes the deflated dump into the archive as it is (70-80%). */
    public void addDump(BackupJob job) throws IOException {
        job.phaseStarted("package");
        Artifact dump = job.getDump();
        long deflated = Files.size(dump.path());
        try (InputStream in = Metered.input(Files.newInputStream(dump.path()),
                progress.transfer(job, "package", 70, 80, "Packaging backup", deflated))) {
            job.getZip().deflatedEntry("dump.sql", dump.crc32(), dump.size(), in, deflated);
        }
    }

    /** manifest.json, then the central directory: the archive is whole and its upload can end. */
    public void finish(BackupJob job) throws IOException {
        job.getZip().entry("manifest.json", job.getManifest());
        job.setArchive(job.getZip().finish());
        job.getPipe().end();
        job.phaseEnded("package");
        job.phaseStarted("upload");
    }
}
