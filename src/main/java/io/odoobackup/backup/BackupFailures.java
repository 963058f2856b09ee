package io.odoobackup.backup;

import io.odoobackup.storage.StorageErrors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says why a backup failed in words fit for its record and task: the cause, with every secret removed. */
public final class BackupFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BackupFailures.class);
    private static final int LIMIT = 2000;

    public String describe(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        BackupJob job = exchange.getProperty("job", BackupJob.class);
        String reason = reason(cause);
        if (job.getStorage() != null) {
            reason = job.getStorage().redact(reason);
        }
        if (reason.length() > LIMIT) {
            reason = reason.substring(0, LIMIT) + "...";
        }
        LOG.warn("Backup {} of environment {} failed: {}", job.getBackupId(), job.getEnvironmentId(), reason);
        return reason;
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BackupFailure) {
                return t.getMessage();
            }
        }
        return cause == null ? "unknown error" : StorageErrors.describe(cause);
    }
}
