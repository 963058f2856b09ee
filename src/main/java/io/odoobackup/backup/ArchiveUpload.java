package io.odoobackup.backup;

import io.odoobackup.archive.ZipStream;
import io.odoobackup.platform.BytePipe;
import io.odoobackup.storage.SentBytes;
import io.odoobackup.storage.StorageDrivers;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * Opens each upload attempt's {@link ArchiveTransfer}: the upload reads from the pipe the archive's route writes into,
 * so it runs on a thread of its own (a storage put is one blocking call; Camel's parallel multicast, nested in the one
 * beside the dump, left it unscheduled under load).
 */
public final class ArchiveUpload {

    /** Bytes between the archive being written and its upload: enough to keep both busy, never a part's worth. */
    private static final int PIPE = 1 << 20;

    private final StorageDrivers storage;
    private final ExecutorService threads;

    public ArchiveUpload(StorageDrivers storage, ExecutorService threads) {
        this.storage = storage;
        this.threads = threads;
    }

    /** A new archive for this attempt, its upload begun: it reads what the archive's route will write. */
    public void open(BackupJob job) {
        BytePipe pipe = new BytePipe(PIPE);
        ZipStream zip = new ZipStream(pipe.sink(), job.getCreatedAt());
        Map<String, String> context = MDC.getCopyOfContextMap(); // its log lines name the backup too
        Future<SentBytes> upload = threads.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                SentBytes sent = storage.put(job.getStorage(), job.getBackupKey(), pipe.source());
                job.phaseEnded("upload");
                return sent;
            } catch (Throwable e) { // an OutOfMemoryError too: the archive must not wait for a reader that is gone
                pipe.abandon(e);
                throw e;
            } finally {
                MDC.clear();
            }
        });
        job.setTransfer(new ArchiveTransfer(pipe, zip, upload));
        // a failed dump stops the archive and its upload at once: the filestore is not read on for a backup that fails
        job.getDumped().whenComplete((dump, failure) -> {
            if (failure != null) {
                pipe.cancel(failure);
            }
        });
    }

    /** The archive is whole: waits for the upload to end; its failure is the backup's. */
    public void await(BackupJob job) throws Exception {
        job.getResult().uploaded(job.getTransfer().await());
    }

    /** In a doCatch of the archive's route: the transfer ends, then the failure goes on (see {@link ArchiveTransfer#abandon}). */
    public void abandon(Exchange exchange) throws Exception {
        exchange.getProperty("job", BackupJob.class).getTransfer().abandon(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }
}
