package io.odoobackup.backup;

import io.odoobackup.environment.ContainerNotRunning;
import io.odoobackup.environment.HostUnavailable;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import io.odoobackup.storage.StorageFailed;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why a backup or restore failed in words fit for its record and task: the cause, with every secret of
 * its storage removed.
 */
public final class BackupFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BackupFailures.class);
    private static final int LIMIT = 2000;

    private final StorageDrivers storage;

    public BackupFailures(StorageDrivers storage) {
        this.storage = storage;
    }

    /** For a backup: exchangeProperty.job. A failure of its storage also leaves exchangeProperty.storageFailed true. */
    public String describe(Exchange exchange) {
        BackupJob job = exchange.getProperty("job", BackupJob.class);
        String reason = reason(exchange, job.getStorage());
        for (Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); t != null; t = t.getCause()) {
            if (t instanceof StorageFailed) {
                exchange.setProperty("storageFailed", true);
            }
        }
        LOG.warn("Backup {} of environment {} failed: {}", job.getBackupId(), job.getEnvironmentId(), reason);
        return reason;
    }

    /** For a backup's copy to its second storage: the backup stands, its copy failed. */
    public String describeCopy(Exchange exchange) {
        BackupJob job = exchange.getProperty("job", BackupJob.class);
        String reason = reason(exchange, job.getSecondary());
        LOG.warn("Backup {} of environment {}: its copy to storage {} ({}) failed: {}; the backup itself is verified on its"
                + " primary storage", job.getBackupId(), job.getEnvironmentId(), job.getSecondary().id(), job.getSecondary().name(), reason);
        return reason;
    }

    /** For a restore: exchangeProperty.restore. */
    public String describeRestore(Exchange exchange) {
        TaskOwner job = exchange.getProperty("restore", TaskOwner.class);
        String reason = reason(exchange, exchange.getProperty("storage", StorageConfig.class));
        LOG.warn("{} {} failed: {}", job.taskLabel(), job, reason);
        return reason;
    }

    private String reason(Exchange exchange, StorageConfig config) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = null;
        for (Throwable t = cause; t != null && reason == null; t = t.getCause()) {
            if (t instanceof BackupFailure || t instanceof ContainerNotRunning || t instanceof HostUnavailable) {
                reason = config == null ? t.getMessage() : config.redact(t.getMessage());
            }
        }
        if (reason == null) {
            reason = storage.describe(config, cause);
        }
        return reason.length() > LIMIT ? reason.substring(0, LIMIT) + "..." : reason;
    }
}
