package io.odoobackup.backup;

import io.odoobackup.platform.BytePipe;
import io.odoobackup.platform.Futures;
import io.odoobackup.storage.StorageDrivers;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * Stores the archive at the backup's key as it is written: the upload reads from the pipe the archive's route writes
 * into, so it runs on a thread of its own (a storage put is one blocking call; Camel's parallel multicast, nested in
 * the one beside the dump, left it unscheduled under load).
 */
public final class ArchiveUpload {

    private final StorageDrivers storage;
    private final ExecutorService threads;

    public ArchiveUpload(StorageDrivers storage, ExecutorService threads) {
        this.storage = storage;
        this.threads = threads;
    }

    /** The upload begins, reading what the archive's route will write. */
    public void start(BackupJob job) {
        Map<String, String> context = MDC.getCopyOfContextMap(); // its log lines name the backup too
        job.setUpload(threads.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                job.setSent(storage.put(job.getStorage(), job.getBackupKey(), job.getPipe().source()));
                job.phaseEnded("upload");
            } catch (Throwable e) { // an OutOfMemoryError too: the archive must not wait for a reader that is gone
                job.getPipe().abandon(e);
                throw e;
            } finally {
                MDC.clear();
            }
            return null;
        }));
    }

    /** The archive is whole: waits for the upload to end; its failure is the backup's. */
    public void await(BackupJob job) throws Exception {
        Futures.join(job.getUpload());
    }

    /**
     * In a doCatch of the archive's route: the upload learns why the archive stops and ends (an unfinished upload
     * aborted) before the failure goes on; where the archive stopped only because the upload had failed, the upload's
     * failure is the one that goes on.
     */
    public void abandon(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        BackupJob job = exchange.getProperty("job", BackupJob.class);
        job.getPipe().fail(caught);
        try {
            await(job);
        } catch (Exception upload) {
            if (BytePipe.echo(caught) && !BytePipe.echo(upload)) {
                throw upload;
            }
        }
        throw caught;
    }
}
