package io.odoobackup.backup;

import io.odoobackup.archive.ZipStream;
import io.odoobackup.platform.BytePipe;
import io.odoobackup.platform.Futures;
import io.odoobackup.platform.GrowingFile;
import java.io.IOException;
import java.io.InputStream;

/**
 * The backup ZIP, written as it is uploaded: filestore.tar.gz first while it is made, then dump.sql read from the
 * work folder as pg_dump's deflated output is written there, manifest.json last, with the checksums of both. What
 * is written goes into a pipe that the upload reads; either side's failure stops the other (docs/api.md §5 has the
 * layout).
 */
public final class BackupArchiver {

    /** Bytes between the archive being written and its upload: enough to keep both busy, never a part's worth. */
    private static final int PIPE = 1 << 20;

    /** A new archive for this upload attempt. */
    public void open(BackupJob job) {
        BytePipe pipe = new BytePipe(PIPE);
        job.setArchiveStream(pipe, new ZipStream(pipe.sink(), job.getCreatedAt()));
    }

    /**
     * Takes the deflated dump into the archive as it is, following the file while the dump still writes it: the
     * upload never waits for the whole dump (an FTP server drops a data connection that is idle for minutes). Ends
     * when the dump does; the dump's failure is this backup's.
     */
    public void addDump(BackupJob job) throws IOException {
        job.phaseStarted("package");
        try (InputStream in = new GrowingFile(job.getDumpFile(), job.getDumped(), "the database dump")) {
            job.getZip().deflatedEntry("dump.sql", in, () -> {
                Artifact dump = Futures.join(job.getDumped());
                return new ZipStream.Content(dump.crc32(), dump.size());
            });
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
