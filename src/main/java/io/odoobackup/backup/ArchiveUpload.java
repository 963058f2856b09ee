package io.odoobackup.backup;

import io.odoobackup.storage.StorageDrivers;
import java.io.IOException;

/** Stores the archive at the backup's key as it is written, reading it from the pipe the archiver writes into. */
public final class ArchiveUpload {

    private final StorageDrivers storage;

    public ArchiveUpload(StorageDrivers storage) {
        this.storage = storage;
    }

    /** What was sent goes on the job for the verification; a failure stops the writing of the archive. */
    public void upload(BackupJob job) throws IOException {
        try {
            job.setSent(storage.put(job.getStorage(), job.getBackupKey(), job.getPipe().source()));
            job.phaseEnded("upload");
        } catch (IOException | RuntimeException e) {
            job.getPipe().abandon(e);
            throw e;
        }
    }
}
