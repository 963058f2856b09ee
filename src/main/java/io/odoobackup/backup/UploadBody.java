package io.odoobackup.backup;

import io.odoobackup.copies.CheckedDownload;
import io.odoobackup.platform.Metered;
import io.odoobackup.storage.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;

/**
 * The body of a copy to the second storage: the backup as its primary storage holds it, just verified there (the
 * archive is never whole on local disk), decrypted when stored encrypted, and checked against the archive's
 * checksum as it streams: a byte changed on the way fails the copy instead of making a wrong one.
 */
public final class UploadBody {

    private final TaskProgress progress;
    private final StorageDrivers storage;

    public UploadBody(TaskProgress progress, StorageDrivers storage) {
        this.progress = progress;
        this.storage = storage;
    }

    /** The copy's source (96-99%, within verification). */
    public InputStream openCopy(BackupJob job, Exchange exchange) throws IOException {
        InputStream primary = storage.open(job.getStorage(), job.getBackupKey());
        InputStream body = Metered.input(new CheckedDownload(primary, job.getResult().getArchive().checksum(), found -> { }),
                progress.transfer(job, ProgressPlan.BACKUP_COPYING, "Copied to " + job.getSecondary().name(), job.getResult().getArchive().size()));
        exchange.setProperty("uploadBody", body);
        return body;
    }

    public void close(Exchange exchange) throws IOException {
        InputStream body = exchange.getProperty("uploadBody", InputStream.class);
        if (body != null) {
            body.close();
        }
    }
}
