package io.odoobackup.backup;

import io.odoobackup.storage.StorageDrivers;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says why a backup failed in words fit for its record and task: the cause, with every secret removed. */
public final class BackupFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BackupFailures.class);
    private static final int LIMIT = 2000;

    private final StorageDrivers storage;

    public BackupFailures(StorageDrivers storage) {
        this.storage = storage;
    }

    public String describe(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        BackupJob job = exchange.getProperty("job", BackupJob.class);
        String reason = reason(cause, job);
        if (reason.length() > LIMIT) {
            reason = reason.substring(0, LIMIT) + "...";
        }
        LOG.warn("Backup {} of environment {} failed: {}", job.getBackupId(), job.getEnvironmentId(), reason);
        return reason;
    }

    private String reason(Throwable cause, BackupJob job) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BackupFailure) {
                return job.getStorage() == null ? t.getMessage() : job.getStorage().redact(t.getMessage());
            }
        }
        return storage.describe(job.getStorage(), cause);
    }
}
