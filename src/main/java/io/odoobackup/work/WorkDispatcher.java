package io.odoobackup.work;

import io.odoobackup.backup.Leases;
import io.odoobackup.platform.Causes;
import io.odoobackup.platform.SqlFiles;
import io.odoobackup.platform.Stalls;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's workers: while one is free, the next item of the shared queue is claimed for it and run by the
 * route {@code work-run}. Nothing waits here: an item is claimed only when a worker takes it at once, so a queued
 * item is in the records alone and any instance may start it. Asked to look by the route {@code work-dispatch}
 * (every second, for work other instances accepted) and at once when this instance accepts work or a worker ends.
 */
public final class WorkDispatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WorkDispatcher.class);

    private final CamelContext camel;
    private final DataSource dataSource;
    private final Leases leases;
    private final int workers;
    private final int perOrganization;
    private final Stalls stalls;
    private final Semaphore free;
    /** Each item from its claim (counted at once, before its thread starts: a stop waits for it) to its end, with its thread. */
    private final Map<WorkItem, AtomicReference<Thread>> running = new ConcurrentHashMap<>();
    private ExecutorService threads;
    private ProducerTemplate routes;
    private volatile boolean claiming;
    private volatile boolean cut;

    public WorkDispatcher(CamelContext camel, DataSource dataSource, Leases leases, Stalls stalls, int workers, int perOrganization) {
        this.camel = camel;
        this.dataSource = dataSource;
        this.leases = leases;
        this.stalls = stalls;
        this.workers = workers;
        this.perOrganization = perOrganization;
        this.free = new Semaphore(workers);
    }

    /** Work items this instance runs now. */
    public int running() {
        return running.size();
    }

    /** True once a stop has cut the running work off: a failure seen from then on is the cut's, not the work's. */
    public boolean isCut() {
        return cut;
    }

    /** In a work route's failure handling: after a cut, nothing is recorded or undone; the item ends here. */
    public void failIfCut() {
        if (cut) {
            throw new WorkCut("cut off by the service's stop");
        }
    }

    /**
     * The stop's time for running work ran out: each item still running is said in one line and cut off (its
     * transfers and commands aborted, its thread interrupted). Its record is left as it is, with its lease: the next
     * start, or another instance once the lease runs out, fails the backup as interrupted or finishes or rolls back
     * the restore, as after a crash. (Not named "cut": Camel's bean binding reads isCut as the property "cut" and would
     * then find two methods for the routes' ${bean:workDispatcher?method=isCut}, and answer null.)
     */
    public void cutOff(Duration after) {
        cut = true;
        running.keySet().forEach(item -> LOG.warn("Stopping: {} {} of environment {} cut off after {} seconds; {}",
                item.label(), item.id(), item.environmentId(), after.toSeconds(), item.isBackup()
                        ? "the next start fails it as interrupted" : "the next start finishes or rolls it back"));
        stalls.cutAll("cut off by the service's stop");
        running.values().stream().map(AtomicReference::get).filter(Objects::nonNull).forEach(Thread::interrupt);
    }

    public int workers() {
        return workers;
    }

    /** Claims items while a worker is free and an item may start; each goes to its worker at once. */
    public void dispatch() {
        while (claiming && free.tryAcquire()) {
            WorkItem item;
            try {
                item = claim();
            } catch (SQLException | RuntimeException e) {
                free.release();
                LOG.warn("Could not look for queued work in the records: {}; looking again in a moment", e.getMessage());
                return;
            }
            if (item == null) {
                free.release();
                return;
            }
            leases.hold(item.isBackup() ? Leases.Table.BACKUP : Leases.Table.RESTORE, item.id());
            running.put(item, new AtomicReference<>());
            threads.execute(() -> run(item));
        }
    }

    private WorkItem claim() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                SqlFiles.query(c, "work-lock", Map.of());
                List<Map<String, Object>> claimed = SqlFiles.query(c, "work-claim", Map.of("instance_id", leases.getInstanceId(),
                        "lease_seconds", leases.getLeaseSeconds(), "per_organization", perOrganization));
                c.commit();
                return claimed.isEmpty() ? null : WorkItem.fromRow(claimed.get(0));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void run(WorkItem item) {
        running.get(item).set(Thread.currentThread());
        boolean ended = false;
        try {
            routes.sendBody("direct:work-run", item);
            ended = !cut;
        } catch (RuntimeException e) {
            // the record is left to its lease: once it runs out, the item is failed or rolled back like a dead instance's
            if (!cut) {
                LOG.error("Work item {} ({}) ended without recording its outcome: {}", item.id(), item.kind(), Causes.deepest(e));
            }
        } finally {
            if (ended) {
                done(item);
            }
            leases.release(item.isBackup() ? Leases.Table.BACKUP : Leases.Table.RESTORE, item.id());
            running.remove(item);
            Thread.interrupted(); // a cut's interrupt ends with its item
            free.release();
        }
        dispatch();
    }

    private void done(WorkItem item) {
        try (Connection c = dataSource.getConnection()) {
            SqlFiles.update(c, "work-done", Map.of("id", item.id()));
        } catch (SQLException e) {
            LOG.warn("Work item {} ended, but its queue entry could not be removed ({}); it goes once its record is seen ended",
                    item.id(), e.getMessage());
        }
    }

    @Override
    protected void doStart() {
        routes = camel.createProducerTemplate();
        AtomicInteger count = new AtomicInteger();
        threads = Executors.newFixedThreadPool(workers, r -> new Thread(r, "worker-" + count.incrementAndGet()));
        claiming = true;
    }

    /**
     * No new work is claimed from now on (a stop has begun: what runs is left to the shutdown's timeout, what waits to
     * the other instances); {@link #startClaiming} takes it up again (tests hand work to another instance so).
     */
    public void stopClaiming() {
        claiming = false;
    }

    public void startClaiming() {
        claiming = isStarted();
        dispatch();
    }

    @Override
    protected void doStop() {
        claiming = false;
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
