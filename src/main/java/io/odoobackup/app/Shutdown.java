package io.odoobackup.app;

import io.odoobackup.backup.Leases;
import io.odoobackup.platform.Database;
import io.odoobackup.work.WorkDispatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run: says what a stop finds running and waits for it (BACKUP_SHUTDOWN_SECONDS) as the stop begins,
 * before Camel stops its routes; cuts off what still runs then (one line each; their records keep their leases and
 * are taken up by the next start); closes the records database once everything else has stopped (Quartz's scheduler
 * reads it until its component stops, after every service); and says that the service stopped.
 */
public final class Shutdown extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("odoo-backup");
    /** How long cut work gets to unwind (its transfers are closed at once: moments, not seconds). */
    private static final Duration CUT_ENDS = Duration.ofSeconds(1);

    private final Database database;
    private final Leases leases;
    private final Duration timeout;
    private final WorkDispatcher workers;

    public Shutdown(Database database, Leases leases, Duration timeout, WorkDispatcher workers) {
        this.database = database;
        this.leases = leases;
        this.timeout = timeout;
        this.workers = workers;
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
        if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            Set<String> backups = leases.held(Leases.Table.BACKUP);
            Set<String> restores = leases.held(Leases.Table.RESTORE);
            workers.stopClaiming(); // what waits in the queue is left there, for another instance or the next start
            CamelContext camel = ((CamelEvent.CamelContextEvent) event).getContext();
            if (backups.isEmpty() && restores.isEmpty()) {
                LOG.info("odoo-backup stops: nothing is running");
            } else {
                LOG.info("odoo-backup stops: waiting up to {} seconds for {} to finish", timeout.toSeconds(), running(backups, restores));
                // here, before Camel stops any route: Camel's own wait for in-flight exchanges then finds none left
                awaitOrCut(camel);
            }
            return;
        }
        try {
            database.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
        LOG.info("odoo-backup stopped");
    }

    /** Waits for the running work up to the timeout, then cuts off what still runs and gives its threads a moment to end. */
    private void awaitOrCut(CamelContext camel) {
        try {
            if (!await(camel, timeout)) {
                workers.cutOff(timeout);
                await(camel, CUT_ENDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean await(CamelContext camel, Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        while (!idle(camel) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return idle(camel);
    }

    /**
     * No work item runs and no work exchange is in flight: a cut item's worker can return (its wait interrupted) while
     * its exchange still unwinds on another thread, and Camel's own stop would then wait for it in whole seconds.
     * HTTP requests are left out: an open event stream must not hold the stop.
     */
    private boolean idle(CamelContext camel) {
        InflightRepository inflight = camel.getInflightRepository();
        return workers.running() == 0 && camel.getRoutes().stream()
                .filter(route -> !route.getEndpoint().getEndpointUri().startsWith("platform-http:"))
                .allMatch(route -> inflight.size(route.getRouteId()) == 0);
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
