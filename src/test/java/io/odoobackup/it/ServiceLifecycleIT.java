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
