package io.odoobackup.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * Keeps the leases of the backups this instance has queued or runs: renewed every third of the lease
 * while the instance lives. When it dies, the leases run out and any instance's reaper fails them.
 */
public final class BackupLeases extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BackupLeases.class);

    private final DataSource dataSource;
    private final String instanceId;
    private final int leaseSeconds;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;

    public BackupLeases(DataSource dataSource, String instanceId, int leaseSeconds) {
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

    public void hold(BackupJob job) {
        held.add(job.getBackupId());
    }

    public void release(BackupJob job) {
        held.remove(job.getBackupId());
    }

    @Override
    protected void doStart() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "backup-lease-renewer"));
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
        if (held.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE backup SET lease_until = now() + make_interval(secs => ?)"
                        + " WHERE id = ANY (?) AND instance_id = ? AND status IN ('pending', 'in_progress', 'uploading')")) {
            ps.setInt(1, leaseSeconds);
            ps.setArray(2, c.createArrayOf("varchar", held.toArray()));
            ps.setString(3, instanceId);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not renew backup leases: {}", e.getMessage());
        }
    }
}
