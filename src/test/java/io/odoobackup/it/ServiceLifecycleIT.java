package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service as an operator starts and stops it: what it cannot run without stops it at once in
 * one line; a healthy start says what it uses in a few lines; a stop waits for running work and says so.
 */
class ServiceLifecycleIT {

    private static final String ENV = "it-lifecycle";
    private static final String ORG = "org-lifecycle";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "20000", "--files", "50");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    /** The refusal is the log's only line: no stack trace, no "started", and the exit code says it failed. */
    private static String refusedInOneLine(Map<String, String> settings) throws Exception {
        try (ServiceProcess refused = ServiceProcess.launch(settings)) {
            assertThat(refused.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            List<String> lines = refused.log().lines().toList();
            assertThat(lines).as(refused.log()).hasSize(1);
            assertThat(lines.get(0)).contains("odoo-backup does not start: ");
            return lines.get(0);
        }
    }

    @Test
    void aTakenPortAnUnreachableRecordsDatabaseOrNoDockerStopTheStartInOneLine(@TempDir Path data, @TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            Map<String, String> settings = service.instanceSettings(data, tmp);
            settings.put("BACKUP_HTTP_PORT", Integer.toString(taken.getLocalPort()));
            assertThat(refusedInOneLine(settings)).contains("port " + taken.getLocalPort() + " cannot be bound").contains("BACKUP_HTTP_PORT");
        }
        Map<String, String> noBroker = service.instanceSettings(data, tmp);
        noBroker.put("BACKUP_EVENTS_URI", "spring-rabbitmq:odoo-backup?routingKey=events");
        assertThat(refusedInOneLine(noBroker)).contains("BACKUP_AMQP_URL is not set");
        Map<String, String> noDatabase = service.instanceSettings(data, tmp);
        noDatabase.put("BACKUP_DB_URL", "jdbc:postgresql://127.0.0.1:1/records?password=not-to-be-logged");
        assertThat(refusedInOneLine(noDatabase)).contains("records database (PostgreSQL at jdbc:postgresql://127.0.0.1:1/records)")
                .contains("BACKUP_DB_URL").doesNotContain("not-to-be-logged");
        Map<String, String> noDocker = service.instanceSettings(data, tmp);
        noDocker.put("DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock"));
        assertThat(refusedInOneLine(noDocker)).contains("Docker Engine at unix://" + tmp.resolve("no-docker.sock")).contains("DOCKER_HOST");
    }

    @Test
    void aHealthyStartSaysWhatItUsesInAFewPlainLinesAndAStopWaitsForTheRunningBackup(@TempDir Path data, @TempDir Path tmp)
            throws Exception {
        try (ServiceProcess process = ServiceProcess.start(service.instanceSettings(data, tmp)); AutoCloseable elsewhere = service.workElsewhere()) {
            String startLog = process.log();
            assertThat(startLog.lines().count()).as(startLog).isLessThan(25);
            assertThat(startLog).doesNotContain("\u001b[").doesNotContain("Exception")
                    .contains("started: API at http://0.0.0.0:").contains("records: PostgreSQL at ")
                    .contains("Docker Engine ").contains("local storage under ").contains("admin token: BACKUP_ADMIN_TOKEN")
                    .doesNotContain(TestService.TOKEN);

            ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
            api.environment(ENV, ORG, "odoo_it_lifecycle");
            api.folderStorage(ORG);
            // an expected failure (the containers went away) is one line of the log, without a stack trace
            Tools.createEnvironment(ENV + "-gone", "--org", ORG, "--rows", "1", "--files", "1");
            api.environment(ENV + "-gone", ORG, "odoo_it_lifecycle_gone");
            Tools.removeEnvironment(ENV + "-gone");
            assertThat(api.backup(ENV + "-gone", "{}").get("status").asText()).isEqualTo("failed");
            assertThat(process.log()).contains("failed: Container Not Found: " + ENV + "-gone_db")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            JsonNode created = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
            String id = created.get("id").asText();
            process.terminate();
            assertThat(process.awaitExit(Duration.ofSeconds(60))).isIn(0, 130, 143);
            String log = process.log();
            assertThat(log).contains("odoo-backup stops: waiting up to 15 seconds for backup " + id + " to finish")
                    .contains("odoo-backup stopped").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(log.indexOf("backup-complete")).as(log).isBetween(log.indexOf("odoo-backup stops"), log.indexOf("odoo-backup stopped"));
            assertThat(service.expect(200, "GET", "/api/v1/backups/" + id, null).get("status").asText()).isEqualTo("completed");
            service.expect(204, "DELETE", "/api/v1/environments/" + ENV, null);
            service.expect(204, "DELETE", "/api/v1/environments/" + ENV + "-gone", null);
        }
    }

    /**
     * SIGTERM during a backup that outlasts the stop's time (BACKUP_SHUTDOWN_SECONDS, 3 here instead of 15 to keep the
     * test short; the same path): the process ends within that time plus 2 s, the backup cut off in one line and no
     * stack trace, nothing uploaded after "odoo-backup stopped" (the S3 multipart upload aborted), and the next start
     * says which backup it failed as interrupted.
     */
    @Test
    void aStopCutsOffWhatOutlastsItsTimeInOneLineAndTheNextStartSaysWhatItEnded(@TempDir Path data, @TempDir Path tmp)
            throws Exception {
        String big = ENV + "-big";
        String bucket = "lifecycle-" + Long.toString(System.nanoTime(), 36);
        String org = ORG + "-cut"; // its S3 storage, its first, is its default: no other test of this class meets it
        Tools.createEnvironment(big, "--org", org, "--filestore-mb", "1024");
        Tools.aws("s3", "mb", "s3://" + bucket);
        Map<String, String> settings = service.instanceSettings(data, tmp);
        settings.put("BACKUP_SHUTDOWN_SECONDS", "3");
        // a lease that outlasts the test: the cut backup is left to the next start, not to the shared instance's reaper
        settings.put("BACKUP_LEASE_SECONDS", "600");
        String id;
        try (AutoCloseable elsewhere = service.workElsewhere()) {
            try (ServiceProcess process = ServiceProcess.start(settings)) {
                ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
                api.environment(big, org, "odoo_it_lifecycle_big");
                String storage = api.expect(201, "POST", "/api/v1/backups/storage-configs", """
                        {"organization_id":"%s","name":"Cut","provider":"minio","bucket":"%s","endpoint_url":"%s",
                         "access_key":"%s","secret_key":"%s"}"""
                        .formatted(org, bucket, Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY)).get("id").asText();
                JsonNode created = api.expect(201, "POST", "/api/v1/backups/environments/" + big + "/backups",
                        "{\"storage_config_id\":\"" + storage + "\"}");
                id = created.get("id").asText();
                Await.until("the backup's archive is being uploaded", Duration.ofSeconds(60), Duration.ofMillis(50),
                        () -> api.expect(200, "GET", "/api/v1/tasks/" + created.get("task_id").asText(), null).get("progress").asInt(),
                        progress -> progress > 12);
                long stopping = System.nanoTime();
                process.terminate();
                assertThat(process.awaitExit(Duration.ofSeconds(60))).isIn(0, 130, 143);
                Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
                String log = process.log();
                // measured: 4.4 s (the cut work unwinds in ~0.5 s, Camel's own stop and the JVM's exit take ~0.9 s)
                assertThat(stopped).as(log).isLessThan(Duration.ofSeconds(3 + 2));
                String cut = "Stopping: backup " + id + " of environment " + big + " cut off after 3 seconds; the next start fails it as interrupted";
                assertThat(log).as(log).contains("odoo-backup stops: waiting up to 3 seconds for backup " + id + " to finish")
                        .contains(cut).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Timeout occurred")
                        .doesNotContain("inflight").doesNotContain("Forcing shutdown");
                assertThat(log.lines().filter(line -> line.contains("cut off"))).hasSize(1);
                assertThat(log.strip()).endsWith("odoo-backup stopped");
            }
            // nothing comes after the stop, and nothing stays as an object: no file in the bucket's folder of S3Proxy's
            // store is written after the process ended (read with find, not through the service) and none is an object
            Path folder = Path.of(".infra/s3data", bucket).toAbsolutePath();
            long ended = (System.currentTimeMillis() + 999) / 1000; // whole seconds, as find compares them
            Thread.sleep(2000);
            assertThat(Tools.ok("find", folder.toString(), "-type", "f", "-newermt", "@" + ended)).isBlank();
            // no backup object (S3Proxy keeps a part cut off mid-body as a temporary file of its own: not an object)
            assertThat(Tools.ok("find", folder.toString(), "-type", "f", "-name", "*.zip", "-not", "-path", "*/.mpus-*")).isBlank();
            // left to the next start, which says what it ended
            assertThat(service.expect(200, "GET", "/api/v1/backups/" + id, null).get("status").asText()).isIn("in_progress", "uploading");
            try (ServiceProcess next = ServiceProcess.start(settings)) {
                Await.until("the next start fails the cut backup", Duration.ofSeconds(30),
                        () -> service.expect(200, "GET", "/api/v1/backups/" + id, null).get("status").asText(), "failed"::equals);
                String said = "Backup " + id + " of environment " + big + " was cut off when this instance last stopped: failed as interrupted";
                Await.until("the next start says so", Duration.ofSeconds(10), next::log, log -> log.contains(said));
                assertThat(service.expect(200, "GET", "/api/v1/backups/" + id, null).get("error_message").asText()).contains("interrupted");
            }
        } finally {
            service.call("DELETE", "/api/v1/environments/" + big, null);
            Tools.removeEnvironment(big);
            // S3Proxy's file store keeps a part cut off mid-body as a file without its metadata, which breaks its
            // listing (and so "rb --force"); a real S3 drops such a part. The folder goes directly then.
            if (Tools.awsAt(Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY, "s3", "rb", "--force", "s3://" + bucket).exitCode() != 0) {
                Tools.ok("rm", "-rf", Path.of(".infra/s3data", bucket).toAbsolutePath().toString());
            }
        }
    }

    /** SIGTERM at several moments of a start on embedded defaults: no stack trace, and no PostgreSQL left running. */
    @Test
    void aStopDuringTheStartLeavesNoTraceAndNoDatabaseRunning(@TempDir Path data, @TempDir Path tmp) throws Exception {
        Map<String, String> settings = Map.of("BACKUP_DATA_DIR", data.toString(), "BACKUP_TMP_DIR", tmp.toString());
        for (long afterMs : List.of(1500L, 2500L, 4000L)) {
            try (ServiceProcess process = ServiceProcess.launch(settings)) {
                Thread.sleep(afterMs);
                process.terminate();
                assertThat(process.awaitExit(Duration.ofSeconds(60))).isIn(0, 130, 143);
                assertThat(process.log()).as(process.log()).doesNotContain("Exception").doesNotContain("\tat ")
                        .doesNotContain("ERROR");
            }
            assertThat(Tools.run(List.of("pgrep", "-f", "postgres -D " + data.resolve("postgres"))).exitCode())
                    .as("a PostgreSQL still runs on " + data + " after a stop " + afterMs + " ms into the start").isEqualTo(1);
        }
    }
}
