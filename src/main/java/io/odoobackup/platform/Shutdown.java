package io.odoobackup.platform;

import io.odoobackup.backup.Leases;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run: says what a stop finds running and that it waits for it, closes the records database once
 * everything else has stopped (Quartz's scheduler reads it until its component stops, after every service), and
 * says that the service stopped. Whatever still runs when the shutdown timeout ends keeps its lease in the
 * records and is taken up by the next start.
 */
public final class Shutdown extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("odoo-backup");

    private final Database database;
    private final Leases leases;
    private final Duration timeout;
    private final Runnable stopClaiming;

    /** {@code stopClaiming}: no queued work is taken from the moment a stop begins (it waits for another instance). */
    public Shutdown(Database database, Leases leases, Duration timeout, Runnable stopClaiming) {
        this.database = database;
        this.leases = leases;
        this.timeout = timeout;
        this.stopClaiming = stopClaiming;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent || event instanceof CamelEvent.CamelContextStoppedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Set<String> backups = leases.held(Leases.Table.BACKUP);
        Set<String> restores = leases.held(Leases.Table.RESTORE);
        if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            stopClaiming.run();
            if (backups.isEmpty() && restores.isEmpty()) {
                LOG.info("odoo-backup stops: nothing is running");
            } else {
                LOG.info("odoo-backup stops: waiting up to {} seconds for {} to finish", timeout.toSeconds(), running(backups, restores));
            }
            return;
        }
        try {
            database.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
        if (backups.isEmpty() && restores.isEmpty()) {
            LOG.info("odoo-backup stopped");
        } else {
            LOG.warn("odoo-backup stopped before {} finished: the next start fails unfinished backups as interrupted"
                    + " and finishes or rolls back unfinished restores", running(backups, restores));
        }
    }

    private static String running(Set<String> backups, Set<String> restores) {
        StringBuilder text = new StringBuilder();
        if (!backups.isEmpty()) {
            text.append(backups.size() == 1 ? "backup " : "backups ").append(String.join(", ", backups));
        }
        if (!restores.isEmpty()) {
            text.append(text.length() > 0 ? " and " : "").append(restores.size() == 1 ? "restore " : "restores ")
                    .append(String.join(", ", restores));
        }
        return text.toString();
    }
}
