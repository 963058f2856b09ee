package io.odoobackup.retention;

import io.odoobackup.pool.PoolSweep;
import io.odoobackup.platform.Sizes;
import io.odoobackup.storage.StorageDrivers;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retention sweep's clock, its count of what it expired, and the log lines the seed shows. */
public final class RetentionSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

    private final Clock clock;
    private final StorageDrivers storage;

    public RetentionSweep(Clock clock, StorageDrivers storage) {
        this.clock = clock;
        this.storage = storage;
    }

    /** Counts shared by the split's exchanges. */
    public static final class Totals {
        final AtomicInteger expired = new AtomicInteger();
        final AtomicInteger deleted = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong freed = new AtomicLong();
        final AtomicLong poolFiles = new AtomicLong();
    }

    public void start(Exchange exchange) {
        exchange.setProperty("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        exchange.setProperty("totals", new Totals());
        LOG.info("Retention cleanup started");
    }

    public void found(List<?> candidates, Exchange exchange) {
        totals(exchange).expired.set(candidates.size());
        LOG.info("Found {} expired backups", candidates.size());
    }

    /** {@code freed}: the bytes its object and copies held. */
    public void deleted(Map<String, Object> backup, long freed, Exchange exchange) {
        Totals totals = totals(exchange);
        totals.deleted.incrementAndGet();
        totals.freed.addAndGet(freed);
        OffsetDateTime now = exchange.getProperty("now", OffsetDateTime.class);
        long days = Duration.between(((java.util.Date) backup.get("expires_at")).toInstant(), now.toInstant()).toDays();
        LOG.info("Deleted backup {} (expired {} days ago)", backup.get("id"), days);
    }

    /** What the pool sweep of one storage removed: files no backup left lists (docs/api.md §15). */
    public void poolSwept(PoolSweep.Swept swept, Exchange exchange) {
        Totals totals = totals(exchange);
        totals.poolFiles.addAndGet(swept.files());
        totals.freed.addAndGet(swept.bytes());
    }

    public void failed(Map<String, Object> backup, Exchange exchange) {
        totals(exchange).failed.incrementAndGet();
        LOG.warn("Could not delete backup {}: {}; it stays completed for the next sweep", backup.get("id"),
                storage.describeCaught(exchange));
    }

    public Map<String, Object> result(Exchange exchange) {
        Totals totals = totals(exchange);
        LOG.info("Cleanup completed: {} backups deleted, {} freed", totals.deleted.get(), Sizes.human(totals.freed.get()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("expired", totals.expired.get());
        result.put("deleted", totals.deleted.get());
        result.put("failed", totals.failed.get());
        result.put("pool_files_removed", totals.poolFiles.get());
        result.put("freed_bytes", totals.freed.get());
        return result;
    }

    private static Totals totals(Exchange exchange) {
        return exchange.getProperty("totals", Totals.class);
    }
}
