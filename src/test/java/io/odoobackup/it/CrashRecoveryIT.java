package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real service process killed (SIGKILL) in the middle of a real backup: nothing stays running forever. */
class CrashRecoveryIT {

    private static final String ENV = "it-crash";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--filestore-mb", "300");
        service.environment(ENV, "org-crash", "odoo_it_crash");
        service.folderStorage("org-crash");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static Map<String, String> settings(Path data, Path tmp, int leaseSeconds) throws Exception {
        Map<String, String> settings = service.instanceSettings(data, tmp);
        settings.put("BACKUP_LEASE_SECONDS", Integer.toString(leaseSeconds));
        settings.put("BACKUP_LEASE_CHECK_MS", "1000");
        return settings;
    }

    /** Starts a backup on the process and kills the process once the backup is writing its temp files. */
    private static JsonNode startAndKill(ServiceProcess process, Path tmp) throws Exception {
        ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
        JsonNode created = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
        Await.until("the backup is past initialization, writing temp files", Duration.ofSeconds(60), Duration.ofMillis(20),
                () -> entries(tmp) > 0 && api.expect(200, "GET", "/api/v1/tasks/" + created.get("task_id").asText(), null).get("progress").asInt() >= 10,
                writing -> writing);
        process.kill();
        assertThat(entries(tmp)).as("the killed instance left its temp files").isPositive();
        return created;
    }

    private static JsonNode awaitFailed(JsonNode created, Duration timeout) throws Exception {
        return Await.until("the interrupted backup fails", timeout,
                () -> service.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null),
                backup -> backup.get("status").asText().equals("failed"));
    }

    private static long entries(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    @Test
    void anotherInstanceFailsTheBackupWhenItsLeaseRunsOutAndARestartCleansUp(@TempDir Path data, @TempDir Path tmp) throws Exception {
        JsonNode created;
        try (ServiceProcess first = ServiceProcess.start(settings(data, tmp, 3)); AutoCloseable elsewhere = service.workElsewhere()) {
            created = startAndKill(first, tmp);
        }
        JsonNode backup = awaitFailed(created, Duration.ofSeconds(30)); // the in-process instance's reaper
        assertThat(backup.get("error_message").asText()).contains("interrupted");
        JsonNode task = service.expect(200, "GET", "/api/v1/tasks/" + created.get("task_id").asText(), null);
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("message").asText()).startsWith("Backup interrupted: ").doesNotContain("failed: Backup");

        try (ServiceProcess restarted = ServiceProcess.start(settings(data, tmp, 3))) {
            Await.until("the restarted instance removes its leftovers", Duration.ofSeconds(20), () -> entries(tmp), left -> left == 0);
            restarted.stop();
        }
        assertThat(service.backup(ENV, "{\"include_filestore\":false}").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aRestartedInstanceFailsItsOwnUnfinishedBackupsAtOnce(@TempDir Path data, @TempDir Path tmp) throws Exception {
        JsonNode created;
        try (ServiceProcess first = ServiceProcess.start(settings(data, tmp, 600)); AutoCloseable elsewhere = service.workElsewhere()) {
            created = startAndKill(first, tmp);
        }
        Thread.sleep(2000);
        assertThat(service.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null).get("status").asText())
                .as("a ten-minute lease keeps other instances from reaping it").isEqualTo("in_progress");
        try (ServiceProcess restarted = ServiceProcess.start(settings(data, tmp, 600)); AutoCloseable elsewhere = service.workElsewhere()) {
            JsonNode backup = awaitFailed(created, Duration.ofSeconds(10));
            assertThat(backup.get("error_message").asText()).contains("interrupted");
            assertThat(entries(tmp)).isZero();
            ApiClient api = new ApiClient(restarted.baseUrl(), TestService.TOKEN);
            JsonNode next = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{\"include_filestore\":false}");
            assertThat(api.awaitTask(next.get("task_id").asText(), Duration.ofMinutes(2)).get("status").asText()).isEqualTo("completed");
            restarted.stop();
        }
    }
}
