package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in headless Chromium (src/test/console/console.test.mjs, playwright-core): sign in (a wrong token
 * first), Create Backup through the dialog and its seven steps live (through a reload), the verified badge, a
 * download that is the API's file, a confirmed restore and delete, a failing connection test, the open alerts'
 * banner, each environment's last backup age and schedule (a late run shown), notification channels added and tested,
 * alert rules changed, every page at desktop and phone width (screenshots in docs/console/).
 */
class ConsoleIT {

    private static final String ENV = "it-console";
    private static final String ORG = "org-console";
    private static final String HOOK_SECRET = "console-hook-secret-77";
    private static TestService service;
    private static String token;
    private static String viewer;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        service.testEnvironment(ENV, ORG, "odoo_it_console", "--rows", "500", "--files", "5");
        service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"Never up","provider":"minio","bucket":"b-1",
                 "endpoint_url":"http://127.0.0.1:9","access_key":"a","secret_key":"never-up-secret"}""".formatted(ORG));
        // a schedule whose last run started late: the environments page says when it runs next, and that
        service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":true,\"schedule_time\":\"03:00\"}");
        try (Connection db = service.database(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE backup_policy SET last_planned_at = now() - interval '2 hours', last_outcome = 'late',"
                    + " last_outcome_reason = 'started 40 minutes after its window: all workers were busy' WHERE environment_id = '" + ENV + "'");
        }
        token = service.expect(201, "POST", "/api/v1/tokens", """
                {"name":"console","organization_id":"%s","permissions":["project.backups.create","project.backups.view",
                 "project.backups.delete","project.backups.restore","project.backups.policy","org.storage.manage",
                 "org.notifications.manage"]}"""
                .formatted(ORG)).get("token").asText();
        viewer = service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"viewer\",\"organization_id\":\"" + ORG
                + "\",\"permissions\":[\"project.backups.view\"]}").get("token").asText();
    }


    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    @Test
    void aPersonBacksUpRestoresAndDeletesThroughTheConsole(@TempDir Path work) throws Exception {
        Path downloaded = work.resolve("console-download.zip");
        // the webhooks the console adds: one that takes them (and checks their signature), one whose server fails
        List<Boolean> signedTests = new CopyOnWriteArrayList<>();
        HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("test".equals(exchange.getRequestHeaders().getFirst("X-Odoo-Backup-Delivery"))) {
                signedTests.add(("sha256=" + Tools.hmacSha256(HOOK_SECRET, body)).equals(exchange.getRequestHeaders().getFirst("X-Odoo-Backup-Signature")));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.createContext("/broken", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        hooks.start();
        Tools.Result run;
        try {
            run = Tools.run(List.of("node", "src/test/console/console.test.mjs"), Map.of(
                    "BASE_URL", service.baseUrl(), "TOKEN", token, "VIEWER", viewer, "ENV", ENV, "SHOTS", Path.of("docs/console").toAbsolutePath().toString(),
                    "DOWNLOAD", downloaded.toString(), "FAILING_STORAGE", "Never up",
                    "WEBHOOK_URL", "http://127.0.0.1:" + hooks.getAddress().getPort(), "HOOK_SECRET", HOOK_SECRET));
        } finally {
            hooks.stop(0);
        }
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(signedTests).as("the console's Test reached the webhook, signed with the secret typed in").containsExactly(true);
        assertThat(service.expect(200, "GET", "/api/v1/organizations/" + ORG + "/alert-rules", null).get("failures_in_a_row").asInt())
                .isEqualTo(3);
        assertThat(run.output()).contains("CONSOLE OK");
        String backupId = run.output().lines().filter(line -> line.startsWith("BACKUP ")).findFirst().orElseThrow().substring(7);

        // the browser's download is byte for byte the API's download of the same backup (taken before it was deleted)
        JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + backupId, null);
        assertThat("sha256:" + Tools.sha256(downloaded)).isEqualTo(backup.get("archive_checksum").asText());
        assertThat(backup.get("status").asText()).isEqualTo("deleted");
        assertThat(backup.get("retention_type").asText()).isEqualTo("weekly");
        JsonNode restores = service.expect(200, "GET", "/api/v1/environments/" + ENV + "/restores", null);
        assertThat(restores.get("items").get(0).get("status").asText()).isEqualTo("completed");
        assertThat(restores.get("items").get(0).get("backup_id").asText()).isEqualTo(backupId);

        // the console's files carry a policy that keeps every request on this origin
        HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(Files.list(Path.of("docs/console")).map(p -> p.getFileName().toString()).toList())
                .contains("environments-desktop.png", "environments-phone.png", "backups-phone.png", "storage-desktop.png");
    }
}
