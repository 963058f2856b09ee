package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies become triggers in the clustered Quartz store. Time is never waited for: a test makes a
 * trigger due by moving its next fire time in the store, as if its hour had come (or passed while down).
 */
class ScheduleIT {

    private static final String ENV = "it-sched";
    private static final String ORG = "org-sched";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--files", "20");
        service.environment(ENV, ORG, "odoo_it_sched");
        service.folderStorage(ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static Map<String, String> trigger(Connection db, String environmentId) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT c.cron_expression, c.time_zone_id FROM qrtz_triggers t JOIN qrtz_cron_triggers c"
                        + " USING (sched_name, trigger_name, trigger_group) WHERE t.trigger_name = '" + environmentId + "'")) {
            return r.next() ? Map.of("cron", r.getString(1), "zone", r.getString(2)) : null;
        }
    }

    /**
     * The trigger fires at the policy's time plus the environment's offset in its window, the same every day, and the
     * policy shows that time as next_run_at.
     */
    private static void assertPlannedInWindow(Connection db, JsonNode policy, String time, int windowMinutes, String zone) throws Exception {
        Map<String, String> trigger = trigger(db, ENV);
        assertThat(trigger.get("zone")).isEqualTo(zone);
        String[] cron = trigger.get("cron").split(" ");
        assertThat(cron).hasSize(6).endsWith("*", "*", "?");
        LocalTime planned = LocalTime.of(Integer.parseInt(cron[2]), Integer.parseInt(cron[1]), Integer.parseInt(cron[0]));
        LocalTime start = LocalTime.parse(time);
        long offset = Math.floorMod(Duration.between(start, planned).toSeconds(), 86_400);
        assertThat(offset).isLessThan(windowMinutes * 60L);
        java.time.ZonedDateTime next = Instant.parse(policy.get("next_run_at").asText()).atZone(java.time.ZoneId.of(zone));
        assertThat(next.toLocalTime()).isEqualTo(planned);
        assertThat(next.toInstant()).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));
    }

    /** The trigger's hour has come: its next fire time is now. */
    private static void makeDue(Connection db, String environmentId, Duration ago) throws Exception {
        try (Statement s = db.createStatement()) {
            long at = Instant.now().minus(ago).toEpochMilli();
            assertThat(s.executeUpdate("UPDATE qrtz_triggers SET next_fire_time = " + at
                    + " WHERE trigger_group = 'backup-policies' AND trigger_name = '" + environmentId + "'")).isEqualTo(1);
        }
    }

    private static int scheduledBackups(ApiClient api, String environmentId) throws Exception {
        return api.expect(200, "GET", "/api/v1/backups/environments/" + environmentId + "/backups?limit=500", null)
                .get("items").findValuesAsText("backup_type").stream().filter("scheduled"::equals).toList().size();
    }

    private static void awaitCount(ApiClient api, String environmentId, int count) throws Exception {
        Await.until("scheduled backup " + count + " fired", Duration.ofSeconds(60), () -> scheduledBackups(api, environmentId), n -> n >= count);
    }

    @Test
    void savingAPolicyAddsChangesAndRemovesItsTrigger() throws Exception {
        JsonNode defaults = service.expect(200, "GET", "/api/v1/backups/environments/" + ENV + "/policy", null);
        assertThat(defaults.get("enabled").asBoolean()).isFalse();
        assertThat(defaults.get("schedule_time").asText()).isEqualTo("02:00");
        assertThat(defaults.get("weekly_backup_day").asText()).isEqualTo("sunday");
        for (String bad : new String[] {"{\"enabled\":true,\"schedule_time\":\"25:00\"}", "{\"enabled\":true,\"timezone\":\"Mars/Base\"}",
                "{\"enabled\":true,\"weekly_backup_day\":\"funday\"}", "{\"enabled\":true,\"monthly_backup_day\":32}",
                "{\"schedule_time\":\"02:00\"}", "{\"enabled\":true,\"storage_config_id\":\"00000000-0000-0000-0000-000000000000\"}"}) {
            int status = service.call("PUT", "/api/v1/backups/environments/" + ENV + "/policy", bad).statusCode();
            assertThat(status).as(bad).isIn(400, 404);
        }
        try (Connection db = service.database()) {
            assertThat(trigger(db, ENV)).isNull();
            JsonNode saved = service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                    "{\"enabled\":true,\"schedule_time\":\"02:30\",\"timezone\":\"Europe/Berlin\",\"include_filestore\":false}");
            assertThat(saved.get("timezone").asText()).isEqualTo("Europe/Berlin");
            assertThat(saved.get("schedule_window_minutes").asInt()).isEqualTo(60);
            assertPlannedInWindow(db, saved, "02:30", 60, "Europe/Berlin");
            JsonNode narrow = service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                    "{\"enabled\":true,\"schedule_time\":\"23:05\",\"timezone\":\"America/New_York\",\"schedule_window_minutes\":1}");
            assertPlannedInWindow(db, narrow, "23:05", 1, "America/New_York");
            service.expect(400, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":true,\"schedule_window_minutes\":721}");
            service.expect(400, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":true,\"schedule_window_minutes\":0}");
            service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":false}");
            assertThat(trigger(db, ENV)).isNull();
        }
    }

    @Test
    void aDueTriggerStartsOneScheduledBackupWithThePolicysSettings() throws Exception {
        JsonNode policy = service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                "{\"enabled\":true,\"schedule_time\":\"04:00\",\"include_filestore\":false,\"verify_restore\":true}");
        assertThat(policy.get("verify_restore").asBoolean()).isTrue();
        int before = scheduledBackups(service, ENV);
        try (Connection db = service.database()) {
            makeDue(db, ENV, Duration.ZERO);
        }
        awaitCount(service, ENV, before + 1);
        JsonNode latest = service.expect(200, "GET", "/api/v1/backups/environments/" + ENV + "/backups?limit=1", null).get("items").get(0);
        assertThat(latest.get("backup_type").asText()).isEqualTo("scheduled");
        assertThat(latest.get("include_filestore").asBoolean()).isFalse();
        assertThat(latest.get("created_by").asText()).isEqualTo("policy");
        assertThat(service.awaitTask(latest.get("task_id").asText(), Duration.ofMinutes(2)).get("status").asText()).isEqualTo("completed");
        // the policy asks for a restore check after each of its backups
        JsonNode checked = Await.until("the scheduled backup is checked", Duration.ofMinutes(2),
                () -> service.expect(200, "GET", "/api/v1/backups/" + latest.get("id").asText(), null),
                backup -> !backup.get("restore_verified_at").isNull());
        assertThat(checked.get("restore_check").get("ok").asBoolean()).isTrue();
        service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":false}");
    }

    @Test
    void twoInstancesOnOneDatabaseFireEachTriggerOnce(@TempDir Path tmp) throws Exception {
        service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                "{\"enabled\":true,\"schedule_time\":\"05:00\",\"include_filestore\":false}");
        Map<String, String> settings = service.instanceSettings(tmp.resolve("data"), tmp.resolve("tmp"));
        settings.put("BACKUP_QUARTZ_IDLE_WAIT_MS", "1000");
        try (ServiceProcess second = ServiceProcess.start(settings); Connection db = service.database()) {
            Await.until("both instances joined the cluster", Duration.ofSeconds(30),
                    () -> count(db, "SELECT count(*) FROM qrtz_scheduler_state"), n -> n >= 2);
            int before = scheduledBackups(service, ENV);
            for (int round = 1; round <= 3; round++) {
                makeDue(db, ENV, Duration.ZERO);
                awaitCount(service, ENV, before + round);
                JsonNode latest = service.expect(200, "GET", "/api/v1/backups/environments/" + ENV + "/backups?limit=1", null)
                        .get("items").get(0);
                service.awaitTask(latest.get("task_id").asText(), Duration.ofMinutes(2));
                Thread.sleep(1500); // room for a second firing, which must not come
                assertThat(scheduledBackups(service, ENV)).isEqualTo(before + round);
            }
            assertThat(second.stop()).isIn(0, 130, 143);
        } finally {
            service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":false}");
        }
    }

    /** Also: PATCH changes single fields of a policy, and every save is logged with what it changed. */
    @Test
    void aScheduleSurvivesARestartAndATimeMissedWhileDownRunsOnce(@TempDir Path data, @TempDir Path tmp) throws Exception {
        String database = "odoo_backup_restart_" + Long.toString(System.nanoTime(), 36);
        String url = service.databaseUrl().replaceAll("/[^/]+$", "/" + database);
        try (Connection admin = DriverManager.getConnection(url.replaceAll("/[^/]+$", "/postgres"), "postgres", "");
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Map<String, String> env = Map.of("BACKUP_DB_URL", url, "BACKUP_DB_USER", "postgres", "BACKUP_DATA_DIR", data.toString(),
                "BACKUP_TMP_DIR", tmp.toString(), "BACKUP_ADMIN_TOKEN", TestService.TOKEN, "BACKUP_QUARTZ_IDLE_WAIT_MS", "1000");
        try (ServiceProcess first = ServiceProcess.start(env)) {
            ApiClient api = new ApiClient(first.baseUrl(), TestService.TOKEN);
            api.environment(ENV, ORG, "odoo_it_sched");
            api.folderStorage(ORG);
            api.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                    "{\"enabled\":true,\"schedule_time\":\"03:00\",\"weekly_backup_day\":\"friday\",\"daily_retention_days\":9}");
            // PATCH changes only what it names, shows the next run in the new window, and each save is logged with its changes
            JsonNode patched = api.expect(200, "PATCH", "/api/v1/backups/environments/" + ENV + "/policy", "{\"schedule_time\":\"04:15\"}");
            assertThat(patched.get("schedule_time").asText()).isEqualTo("04:15");
            assertThat(patched.get("enabled").asBoolean()).isTrue();
            assertThat(patched.get("weekly_backup_day").asText()).isEqualTo("friday");
            assertThat(patched.get("daily_retention_days").asInt()).isEqualTo(9);
            LocalTime next = Instant.parse(patched.get("next_run_at").asText()).atZone(ZoneOffset.UTC).toLocalTime();
            assertThat(next).isBetween(LocalTime.of(4, 15), LocalTime.of(5, 15));
            api.expect(400, "PATCH", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":\"yes\"}");
            api.expect(400, "PATCH", "/api/v1/backups/environments/" + ENV + "/policy", "{\"schedule_tme\":\"05:00\"}");
            JsonNode back = api.expect(200, "PATCH", "/api/v1/backups/environments/" + ENV + "/policy", "{\"schedule_time\":\"03:00\"}");
            assertThat(back.get("daily_retention_days").asInt()).isEqualTo(9);
            String saves = first.log();
            assertThat(saves).contains("Policy of environment " + ENV + " saved by token admin: daily_retention_days 7 -> 9, enabled false -> true,"
                            + " schedule_time 02:00 -> 03:00, weekly_backup_day sunday -> friday")
                    .contains("Policy of environment " + ENV + " saved by token admin: schedule_time 03:00 -> 04:15")
                    .contains("Policy of environment " + ENV + " saved by token admin: schedule_time 04:15 -> 03:00");
            assertThat(first.stop()).isIn(0, 130, 143);
        }
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            assertThat(trigger(db, ENV).get("zone")).isEqualTo("UTC");
            makeDue(db, ENV, Duration.ofMinutes(10)); // 03:00 passed ten minutes ago, while no instance ran
        }
        try (ServiceProcess again = ServiceProcess.start(env); Connection db = DriverManager.getConnection(url, "postgres", "")) {
            ApiClient api = new ApiClient(again.baseUrl(), TestService.TOKEN);
            Await.until("the missed time runs", Duration.ofSeconds(60), () -> scheduledBackups(api, ENV), n -> n >= 1);
            Thread.sleep(1500); // room for a second firing, which must not come
            assertThat(scheduledBackups(api, ENV)).isEqualTo(1);
            long next = count(db, "SELECT next_fire_time FROM qrtz_triggers WHERE trigger_name = '" + ENV + "'");
            assertThat(Instant.ofEpochMilli(next)).isAfter(Instant.now());
            JsonNode sweep = api.expect(200, "POST", "/api/v1/retention/sweep", null);
            assertThat(sweep.get("deleted").asInt()).isZero();
            assertThat(again.log()).contains("Cleanup completed: 0 backups deleted, 0 B freed");
            again.stop();
        } finally {
            try (Connection admin = DriverManager.getConnection(url.replaceAll("/[^/]+$", "/postgres"), "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /**
     * A hundred and fifty environments share one one-minute window on this one instance with its two workers: the
     * window opened 40 seconds ago, so most planned times have passed. Every backup is queued and completes, none is
     * skipped, and each run says whether it started inside its window or late (then with its event and metric).
     */
    @Test
    void aHundredAndFiftyEnvironmentsInOneWindowAllCompleteAndLatenessIsReported() throws Exception {
        int environments = 150;
        ExecutorService registering = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < environments; i++) {
                String id = "it-window-" + i;
                done.add(registering.submit(() -> {
                    service.expect(201, "POST", "/api/v1/environments", ("{\"id\":\"%s\",\"organization_id\":\"%s\",\"name\":\"%s\","
                            + "\"db_name\":\"odoo_it_sched\",\"db_container\":\"%s_db\",\"odoo_container\":\"%s_odoo\"}")
                            .formatted(id, ORG, id, ENV, ENV));
                    return service.expect(200, "PUT", "/api/v1/backups/environments/" + id + "/policy",
                            "{\"enabled\":true,\"schedule_time\":\"01:00\",\"schedule_window_minutes\":1,\"include_filestore\":false}");
                }));
            }
            for (Future<?> registered : done) {
                registered.get();
            }
        } finally {
            registering.shutdown();
        }
        double lateBefore = metric("odoo_backup_schedule_late_total");
        Instant windowStart = Instant.now().minusSeconds(40);
        Instant windowEnd = windowStart.plusSeconds(60);
        try (Connection db = service.database()) {
            Tools.openWindow(db, "it-window-", windowStart);
            Await.until("every environment's scheduled backup completed", Duration.ofMinutes(6), Duration.ofSeconds(1),
                    () -> count(db, "SELECT count(DISTINCT environment_id) FROM backup WHERE environment_id LIKE 'it-window-%'"
                            + " AND status = 'completed' AND backup_type = 'scheduled'"), n -> n == environments);
            assertThat(count(db, "SELECT count(*) FROM backup WHERE environment_id LIKE 'it-window-%'")).as("one backup each").isEqualTo(environments);
            assertThat(count(db, "SELECT count(*) FROM backup_policy WHERE environment_id LIKE 'it-window-%' AND last_outcome = 'missed'")).isZero();
            long late = 0;
            for (int i = 0; i < environments; i++) {
                JsonNode policy = service.expect(200, "GET", "/api/v1/backups/environments/it-window-" + i + "/policy", null);
                JsonNode last = policy.get("last_run");
                JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + last.get("backup_id").asText(), null);
                Instant started = Instant.parse(backup.get("started_at").asText());
                assertThat(last.get("outcome").asText()).isIn("on_time", "late");
                assertThat(Instant.parse(policy.get("next_run_at").asText())).isAfter(Instant.now());
                if (Math.abs(Duration.between(windowEnd, started).toMillis()) > 2000) { // clearly inside or after the window
                    assertThat(last.get("outcome").asText()).as("it-window-" + i + " started " + started)
                            .isEqualTo(started.isAfter(windowEnd) ? "late" : "on_time");
                }
                if (last.get("outcome").asText().equals("late")) {
                    late++;
                    assertThat(last.get("reason").asText()).contains("after its window ended");
                }
            }
            assertThat(late).as("two workers cannot start a hundred backups in 20 seconds").isPositive();
            assertThat(metric("odoo_backup_schedule_late_total") - lateBefore).isEqualTo(late);
        } finally {
            for (int i = 0; i < environments; i++) {
                service.call("DELETE", "/api/v1/environments/it-window-" + i, null); // its policy and trigger go with it
            }
        }
    }

    private static double metric(String name) throws Exception {
        String port = service.camel().resolvePropertyPlaceholders("{{backup.management.port}}");
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
