package io.odoobackup.backup;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.archive.ZipStream;
import io.odoobackup.platform.Futures;
import io.odoobackup.platform.GrowingFile;
import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * The backup ZIP, written as it is uploaded: filestore.tar.gz first while it is made, then dump.sql read from the
 * work folder as pg_dump's deflated output is written there, manifest.json last, with the checksums of both. What
 * is written goes into a pipe that the upload reads; either side's failure stops the other (docs/api.md §5 has the
 * layout).
 */
public final class BackupArchiver {

    private final TaskProgress progress;

    public BackupArchiver(TaskProgress progress) {
        this.progress = progress;
    }

    /**
     * Starts dump.sql in the archive and copies the deflated dump into it while pg_dump still writes it: the upload
     * never waits for the whole dump (an FTP server drops a data connection that is idle for minutes). The dump's own
     * progress runs meanwhile; a dump that ended before the filestore leaves everything to {@link #addDump}.
     */
    public void followDump(BackupJob job) throws Exception {
        job.phaseStarted("package");
        ZipStream.DeflatedEntry entry = job.getTransfer().beginDump();
        try (GrowingFile dump = new GrowingFile(job.getDumpFile(), job.getDumped(), "the database dump", 0)) {
            dump.copyWhileWritten(entry);
        }
        Futures.join(job.getDumped()); // the dump's failure is this backup's
    }

    /** The rest of the deflated dump, all of it when the dump ended before the filestore (70-80%). */
    public void addDump(BackupJob job) throws Exception {
        ZipStream.DeflatedEntry entry = job.getTransfer().dump();
        Artifact dump = Futures.join(job.getDumped());
        long copied = entry.written();
        long rest = Files.size(dump.path()) - copied;
        try (InputStream in = Metered.input(new GrowingFile(dump.path(), job.getDumped(), "the database dump", copied),
                progress.transfer(job, ProgressPlan.BACKUP_PACKAGING, "Packaging backup", rest))) {
            if (in.transferTo(entry) != rest) {
                throw new IOException("the deflated dump changed while it was taken into the archive");
            }
        }
        entry.end(dump.crc32(), dump.size());
    }

    /** An incremental backup's filestore.index, from the work folder, first in the archive (it is the filestore's entry). */
    public void addIndex(BackupJob job) throws IOException {
        Digesting entry = new Digesting(job.getTransfer().zip().entry(ArchiveLayout.FILESTORE_INDEX));
        try (entry; InputStream in = Files.newInputStream(job.getResult().getPooled().index().path())) {
            in.transferTo(entry);
        }
        job.getResult().filestoreIndexed(entry.artifact());
    }

    /** manifest.json, then the central directory: the archive is whole and its upload can end. */
    public void finish(BackupJob job) throws IOException {
        job.getResult().archived(job.getTransfer().finish(job.getResult().getManifest()));
        job.phaseEnded("package");
        job.phaseStarted("upload");
    }
}
