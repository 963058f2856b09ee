package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's night on a small scale: three instances on one records database, thirty environments whose policies
 * share one window, one instance killed with -9 half-way. Every environment ends with exactly one completed
 * scheduled backup: none lost, none run twice; the backup the dead instance was running is recorded interrupted and
 * runs once more elsewhere.
 */
class FleetIT {

    private static final String ORG = "org-fleet";
    private static final int ENVIRONMENTS = 30;
    private static final int CONTAINERS = 3;

    @Test
    void thirtyScheduledBackupsOnThreeInstancesCompleteOnceWhenOneIsKilled(@TempDir Path root) throws Exception {
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_fleet")) {
            for (int c = 0; c < CONTAINERS; c++) {
                Tools.createEnvironment("it-fleet-c" + c, "--org", ORG, "--files", "3", "--rows", "200");
            }
            List<ServiceProcess> instances = startInstances(records.url(), root, 3);
            try {
                ApiClient api = new ApiClient(instances.get(0).baseUrl(), TestService.TOKEN);
                api.folderStorage(ORG);
                for (int i = 0; i < ENVIRONMENTS; i++) {
                    String container = "it-fleet-c" + (i % CONTAINERS);
                    api.expect(201, "POST", "/api/v1/environments", ("{\"id\":\"it-fleet-%d\",\"organization_id\":\"%s\",\"name\":\"Fleet %d\","
                            + "\"db_name\":\"odoo_it_fleet_c%d\",\"db_container\":\"%s_db\",\"odoo_container\":\"%s_odoo\"}")
                            .formatted(i, ORG, i, i % CONTAINERS, container, container));
                    api.expect(200, "PUT", "/api/v1/backups/environments/it-fleet-" + i + "/policy",
                            "{\"enabled\":true,\"schedule_time\":\"02:00\",\"schedule_window_minutes\":1,\"include_filestore\":false}");
                }
                try (Connection db = DriverManager.getConnection(records.url(), "postgres", "")) {
                    Tools.openWindow(db, "it-fleet-", java.time.Instant.now().plusSeconds(3));
                    Await.until("a third of the backups completed", Duration.ofMinutes(3), () -> completed(db), n -> n >= ENVIRONMENTS / 3);
                    ServiceProcess victim = runningAny(db, instances, root);
                    victim.kill();
                    instances.remove(victim);
                    Await.until("every environment has a completed scheduled backup", Duration.ofMinutes(4), () -> environmentsDone(db),
                            n -> n == ENVIRONMENTS);
                    Thread.sleep(3000); // room for a second run of any of them, which must not come
                    assertThat(environmentsDone(db)).isEqualTo(ENVIRONMENTS);
                    assertThat(count(db, "SELECT count(*) FROM backup WHERE status = 'completed'")).as("run twice").isEqualTo(ENVIRONMENTS);
                    assertThat(count(db, "SELECT count(*) FROM backup WHERE status NOT IN ('completed', 'failed')")).isZero();
                    assertThat(count(db, "SELECT count(*) FROM backup WHERE status = 'failed' AND error_message NOT LIKE '%interrupted%'"))
                            .as("failed otherwise than by the kill").isZero();
                    assertThat(count(db, "SELECT count(*) FROM work_item")).as("work left in the queue").isZero();
                    assertThat(count(db, "SELECT count(*) FROM backup_policy WHERE last_outcome = 'missed'")).isZero();
                }
            } finally {
                for (ServiceProcess instance : instances) {
                    instance.close();
                }
                for (int c = 0; c < CONTAINERS; c++) {
                    Tools.removeEnvironment("it-fleet-c" + c);
                }
            }
        }
    }

    /** Instances of one fleet: one records database and secret key, a data folder each, one worker each. */
    static List<ServiceProcess> startInstances(String databaseUrl, Path root, int count) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(count);
        try {
            List<Future<ServiceProcess>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path data = Files.createDirectories(root.resolve("data-" + i));
                Map<String, String> env = new HashMap<>(Map.of("BACKUP_DB_URL", databaseUrl, "BACKUP_DB_USER", "postgres",
                        "BACKUP_DATA_DIR", data.toString(), "BACKUP_TMP_DIR", Files.createDirectories(root.resolve("tmp-" + i)).toString(),
                        "BACKUP_ADMIN_TOKEN", TestService.TOKEN, "BACKUP_SECRET_KEY", "fleet-secret-key-0123456789",
                        "BACKUP_WORKERS", "1", "BACKUP_QUARTZ_IDLE_WAIT_MS", "1000"));
                env.putAll(Map.of("BACKUP_LEASE_SECONDS", "6", "BACKUP_LEASE_CHECK_MS", "1000", "BACKUP_WORK_POLL_MS", "500",
                        "BACKUP_LOCAL_STORAGE_ROOT", root.resolve("storage").toString()));
                started.add(starting.submit(() -> ServiceProcess.start(env)));
            }
            List<ServiceProcess> instances = new ArrayList<>();
            for (Future<ServiceProcess> instance : started) {
                instances.add(instance.get());
            }
            return instances;
        } finally {
            starting.shutdown();
        }
    }

    /** The instance running a backup now, found by the instance id its data folder keeps. */
    private static ServiceProcess runningAny(Connection db, List<ServiceProcess> instances, Path root) throws Exception {
        return Await.until("an instance runs a backup", Duration.ofSeconds(60), Duration.ofMillis(20), () -> {
            for (int i = 0; i < instances.size(); i++) {
                String id = Files.readString(root.resolve("data-" + i).resolve("instance-id")).trim();
                if (count(db, "SELECT count(*) FROM work_item WHERE status = 'running' AND instance_id = '" + id + "'") > 0) {
                    return instances.get(i);
                }
            }
            return null;
        }, found -> found != null);
    }

    private static long completed(Connection db) throws Exception {
        return count(db, "SELECT count(*) FROM backup WHERE status = 'completed'");
    }

    private static long environmentsDone(Connection db) throws Exception {
        return count(db, "SELECT count(DISTINCT environment_id) FROM backup WHERE status = 'completed' AND backup_type = 'scheduled'");
    }

    static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
