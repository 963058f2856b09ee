package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.storage.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camel's management server: readiness that follows the records database and the Docker Engine (each made
 * unreachable and back, through relays the test controls, under a packaged service of its own), and the backup
 * metrics next to Camel's, moved by a backup.
 */
class OperationsIT {

    private static final String ENV = "it-ops";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        service.testEnvironment(ENV, "org-ops", "odoo_it_ops", "--rows", "300", "--files", "3");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> awaitReady(ServiceProcess process, int status) throws Exception {
        return Await.until("readiness answers " + status, Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> get(process.managementUrl() + "/observe/health/ready"), answer -> answer.statusCode() == status);
    }

    @Test
    void readinessFollowsTheRecordsDatabaseAndTheDockerEngine(@TempDir Path data, @TempDir Path tmp, @TempDir Path sockets)
            throws Exception {
        String database = "odoo_backup_ops_" + Long.toString(System.nanoTime(), 36);
        try (var db = service.database(); var statement = db.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try (TcpProxy postgres = new TcpProxy(5432);
             UnixSocketRelay docker = new UnixSocketRelay(sockets.resolve("docker.sock"), Path.of("/var/run/docker.sock"))) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "BACKUP_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
                    "BACKUP_DB_USER", "postgres", "BACKUP_DATA_DIR", data.toString(), "BACKUP_TMP_DIR", tmp.toString(),
                    "BACKUP_ADMIN_TOKEN", TestService.TOKEN, "DOCKER_HOST", "unix://" + sockets.resolve("docker.sock")));
            try (ServiceProcess process = ServiceProcess.start(settings)) {
                assertThat(awaitReady(process, 200).body()).contains("UP");
                assertThat(get(process.managementUrl() + "/observe/health/live").statusCode()).isEqualTo(200);

                docker.cut();
                assertThat(awaitReady(process, 503).body()).contains("docker-engine");
                assertThat(get(process.managementUrl() + "/observe/health/live").statusCode()).as("alive while waiting").isEqualTo(200);
                docker.restore();
                awaitReady(process, 200);

                postgres.cut();
                assertThat(awaitReady(process, 503).body()).contains("records-database");
                postgres.restore();
                awaitReady(process, 200);
                process.stop();
            }
        } finally {
            try (var db = service.database(); var statement = db.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static double metric(String text, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void theBackupMetricsMoveAfterABackupNextToCamelsOwn() throws Exception {
        String url = "http://127.0.0.1:" + service.camel().resolvePropertyPlaceholders("{{backup.management.port}}") + "/observe/metrics";
        String before = get(url).body();
        assertThat(service.backup(ENV, "{\"include_filestore\":false}").get("status").asText()).isEqualTo("completed");
        HttpResponse<String> after = get(url);
        assertThat(after.statusCode()).isEqualTo(200);
        String text = after.body();
        String ours = text.lines().filter(line -> line.startsWith("odoo_backup")).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(metric(text, "odoo_backup_backups_total{status=\"completed\"}")).as(ours)
                .isEqualTo(metric(before, "odoo_backup_backups_total{status=\"completed\"}") + 1);
        assertThat(metric(text, "odoo_backup_stored_bytes_total")).isGreaterThan(metric(before, "odoo_backup_stored_bytes_total"));
        assertThat(metric(text, "odoo_backup_duration_seconds_count")).isGreaterThan(metric(before, "odoo_backup_duration_seconds_count"));
        assertThat(text).contains("odoo_backup_duration_seconds_bucket");
        assertThat(metric(text, "odoo_backup_last_success_timestamp_seconds{environment_id=\"" + ENV + "\"}"))
                .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(120.0));
        assertThat(text).contains("odoo_backup_queue_depth ");
        assertThat(text).as("Camel's own route metrics").contains("routeId=\"backup-execute\"");
    }

    @Test
    void jsonLogsCarryTheBackupAndEnvironmentOfEveryLineAboutABackup(@TempDir Path data, @TempDir Path tmp) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(service.instanceSettings(data, tmp));
        settings.put("BACKUP_LOG_FORMAT", "json");
        String id;
        String log;
        try (ServiceProcess process = ServiceProcess.start(settings); AutoCloseable elsewhere = service.workElsewhere()) {
            ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
            var created = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{\"include_filestore\":false}");
            id = created.get("id").asText();
            assertThat(api.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(2)).get("status").asText()).isEqualTo("completed");
            process.stop();
            log = process.log();
        }
        java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
        for (String line : log.lines().toList()) {
            lines.add(service.json(line)); // every line is one JSON object
        }
        var aboutIt = lines.stream().filter(line -> line.path("message").asText().contains(id)).toList();
        assertThat(aboutIt).as(log).isNotEmpty();
        for (var line : aboutIt) {
            assertThat(line.path("backup_id").asText()).as(line.toString()).isEqualTo(id);
            assertThat(line.path("environment_id").asText()).as(line.toString()).isEqualTo(ENV);
        }
        assertThat(lines).as("the start's summary has no backup").anyMatch(line -> !line.has("backup_id"));
    }

    @Test
    void anUnknownLogFormatIsRefusedInOneLine(@TempDir Path data, @TempDir Path tmp) throws Exception {
        assertRefused(data, tmp, "BACKUP_LOG_FORMAT", "xml", "BACKUP_LOG_FORMAT is 'xml': use text (the default) or json");
    }

    @Test
    void aGzipLevelOutOfRangeIsRefusedInOneLine(@TempDir Path data, @TempDir Path tmp) throws Exception {
        assertRefused(data, tmp, "BACKUP_GZIP_LEVEL", "12", "BACKUP_GZIP_LEVEL is 12: give 0 (stored) to 9 (smallest, slowest); 1 is the default");
    }

    /** A start with the setting at that value ends with exit code 2, its log saying why. */
    private void assertRefused(Path data, Path tmp, String setting, String value, String why) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(service.instanceSettings(data, tmp));
        settings.put(setting, value);
        try (ServiceProcess refused = ServiceProcess.launch(settings)) {
            assertThat(refused.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(refused.log()).contains(why);
        }
    }
}
