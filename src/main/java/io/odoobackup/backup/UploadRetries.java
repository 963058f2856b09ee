package io.odoobackup.backup;

import io.odoobackup.storage.StorageFailed;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says, in one line, that an upload or its verification failed and is tried again. */
public final class UploadRetries implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UploadRetries.class);

    private final int attempts;

    public UploadRetries(int retries) {
        this.attempts = retries + 1;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        BackupJob job = exchange.getProperty("job", BackupJob.class);
        LOG.warn("Backup {}: upload attempt {} of {} failed ({}); trying again", job == null ? "?" : job.getBackupId(),
                attempt, attempts, reason(failure));
    }

    /** The storage's or the check's own words, not those of the bean call that wraps them. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageFailed || t instanceof BackupFailure) {
                return t.getMessage();
            }
        }
        return failure == null ? "no reason given" : failure.getMessage();
    }
}
