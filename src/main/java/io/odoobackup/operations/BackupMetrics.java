package io.odoobackup.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.odoobackup.backup.BackupJob;
import io.odoobackup.restore.RestoreJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The backup metrics of docs/api.md §11, next to Camel's own route metrics in the same Prometheus registry:
 * backups by outcome, their duration, the bytes stored, each environment's last success, the queue's depth.
 */
public final class BackupMetrics {

    private static final String LAST_SUCCESS = "odoo.backup.last.success.timestamp";

    private final MeterRegistry registry;
    private final boolean environmentLabels;
    private final Timer duration;
    private final Counter storedBytes;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> dockerHosts = new ConcurrentHashMap<>();
    private final Counter late;
    private final Counter missed;

    /**
     * {@code environmentLabels}: one last-success series per environment, labelled with its id; without them (the
     * metrics then name no tenant's environment) one series, the least recent environment's last success.
     */
    public BackupMetrics(MeterRegistry registry, Supplier<Number> queueDepth, boolean environmentLabels) {
        this.registry = registry;
        this.environmentLabels = environmentLabels;
        this.duration = Timer.builder("odoo.backup.duration").description("Time from a backup being asked for to its end")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry);
        this.storedBytes = Counter.builder("odoo.backup.stored.bytes").description("Bytes stored by completed backups, copies included")
                .register(registry);
        Gauge.builder("odoo.backup.queue.depth", queueDepth).description("Work items (backups, restores, checks) waiting for a worker, all instances")
                .register(registry);
        Gauge.builder("odoo.backup.work.queued", queueDepth).description("Work items (backups, restores, checks) waiting for a worker, all instances")
                .register(registry);
        this.late = Counter.builder("odoo.backup.schedule.late").description("Scheduled backups that started after their window")
                .register(registry);
        this.missed = Counter.builder("odoo.backup.schedule.missed").description("Scheduled runs that could not queue their backup")
                .register(registry);
        if (!environmentLabels) {
            Gauge.builder(LAST_SUCCESS, lastSuccess, all -> all.values().stream().mapToLong(AtomicLong::get).min().orElse(0))
                    .baseUnit("seconds").description("When the least recently backed-up environment's last backup completed (Unix time)")
                    .register(registry);
        }
    }

    /** Work items this instance runs now. */
    public void running(String instanceId, Supplier<Number> running) {
        Gauge.builder("odoo.backup.work.running", running).description("Work items running on the instance").tag("instance", instanceId)
                .register(registry);
    }

    /** odoo_backup_docker_host_up{host}: 1 while the host answered its last check, 0 when it did not. */
    public void dockerHostUp(String host, boolean up) {
        dockerHosts.computeIfAbsent(host, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("odoo.backup.docker.host.up", value, AtomicLong::get).description("Whether the Docker host answered its last check")
                    .tag("host", id).register(registry);
            return value;
        }).set(up ? 1 : 0);
    }

    public void scheduleLate() {
        late.increment();
    }

    public void scheduleMissed() {
        missed.increment();
    }

    /** Each environment's last completed backup as the records say at start (the gauges then follow new ones). */
    public void seed(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            Object completed = row.get("completed_at");
            success((String) row.get("environment_id"), completed == null ? Instant.EPOCH : ((java.util.Date) completed).toInstant());
        }
    }

    /** A policy is enabled: the environment has a last-success series from now on (0 until its first backup). */
    public void policyEnabled(Map<String, Object> policy) {
        if (Boolean.TRUE.equals(policy.get("enabled"))) {
            success((String) policy.get("environment_id"), Instant.EPOCH);
        }
    }

    /** A restore or restore check ended: odoo_backup_restores_total / odoo_backup_restore_checks_total by status. */
    public void restoreEnded(RestoreJob restore, String status) {
        Counter.builder(restore.isCheck() ? "odoo.backup.restore.checks" : "odoo.backup.restores")
                .description(restore.isCheck() ? "Restore checks that ended, by status" : "Restores that ended, by status")
                .tag("status", status).register(registry).increment();
    }

    public void completed(BackupJob job) {
        outcome("completed");
        duration.record(Duration.between(job.getCreatedAt(), Instant.now()));
        storedBytes.increment(job.getResult().getStored().size() + (job.getResult().getCopyStored() == null ? 0 : job.getResult().getCopyStored().size()));
        success(job.getEnvironmentId(), Instant.now());
    }

    public void failed(BackupJob job) {
        outcome("failed");
        duration.record(Duration.between(job.getCreatedAt(), Instant.now()));
    }

    private void outcome(String status) {
        Counter.builder("odoo.backup.backups").description("Backups that ended, by status").tag("status", status)
                .register(registry).increment();
    }

    private void success(String environmentId, Instant at) {
        lastSuccess.computeIfAbsent(environmentId, id -> {
            AtomicLong seconds = new AtomicLong();
            if (environmentLabels) {
                Gauge.builder(LAST_SUCCESS, seconds, AtomicLong::get).baseUnit("seconds")
                        .description("When the environment's last backup completed (Unix time)").tag("environment_id", id)
                        .register(registry);
            }
            return seconds;
        }).accumulateAndGet(at.getEpochSecond(), Math::max);
    }
}
