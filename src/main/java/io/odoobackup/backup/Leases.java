package io.odoobackup.backup;

import io.odoobackup.platform.SqlFiles;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of the backups and restores this instance runs (claimed from the work queue): renewed every
 * third of the lease while the instance lives. When it dies, the leases run out and any instance fails (a backup)
 * or finishes or rolls back (a restore) what it left.
 */
public final class Leases extends ServiceSupport {

    /** The records that hold leases, with the statuses in which they still run. */
    public enum Table {
        BACKUP("lease-renew-backup"),
        RESTORE("lease-renew-restore");

        private final String renewal;

        Table(String renewal) {
            this.renewal = renewal;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final DataSource dataSource;
    private final String instanceId;
    private final int leaseSeconds;
    private final Map<Table, Set<String>> held = Map.of(Table.BACKUP, ConcurrentHashMap.newKeySet(),
            Table.RESTORE, ConcurrentHashMap.newKeySet());
    private ScheduledExecutorService renewer;

    public Leases(DataSource dataSource, String instanceId, int leaseSeconds) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.leaseSeconds = leaseSeconds;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public int getLeaseSeconds() {
        return leaseSeconds;
    }

    public void hold(Leased record) {
        hold(record.leaseTable(), record.leaseId());
    }

    public void release(Leased record) {
        release(record.leaseTable(), record.leaseId());
    }

    public void hold(Table table, String id) {
        held.get(table).add(id);
    }

    public void release(Table table, String id) {
        held.get(table).remove(id);
    }

    /** The ids of the records of {@code table} this instance holds now (queued or running). */
    public Set<String> held(Table table) {
        return Set.copyOf(held.get(table));
    }

    @Override
    protected void doStart() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lease-renewer"));
        long period = Math.max(1, leaseSeconds * 1000L / 3);
        renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    private void renew() {
        for (Table table : Table.values()) {
            Set<String> ids = held.get(table);
            if (ids.isEmpty()) {
                continue;
            }
            try {
                SqlFiles.update(dataSource, table.renewal, Map.of("seconds", leaseSeconds, "ids", List.copyOf(ids), "instance_id", instanceId));
            } catch (SQLException e) {
                LOG.warn("Could not renew the leases of running {}s: {}", table.name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
            }
        }
    }
}
