package io.odoobackup.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.platform.ServiceConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real service, started once per test JVM on a fresh database in the PostgreSQL on 127.0.0.1:5432
 * and driven over HTTP like any client. Tests reach inside only to advise a route for fault injection.
 */
public final class TestService {

    public static final String TOKEN = "it-admin-token-0123456789";
    private static final String PG_URL = System.getenv().getOrDefault("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static TestService shared;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Main main;
    private final String baseUrl;
    private final Path tmpDir;
    private final Path dataDir;

    private final String database;

    private TestService(Main main, String database, String baseUrl, Path tmpDir, Path dataDir) {
        this.main = main;
        this.database = database;
        this.baseUrl = baseUrl;
        this.tmpDir = tmpDir;
        this.dataDir = dataDir;
    }

    public static synchronized TestService shared() throws Exception {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static TestService start() throws Exception {
        String database = "odoo_backup_it_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Path root = Files.createTempDirectory("odoo-backup-it");
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        Path dataDir = Files.createDirectories(root.resolve("data"));
        int port = freePort();
        Main main = new Main();
        main.configure().addConfiguration(ServiceConfiguration.class);
        main.addOverrideProperty("backup.http.port", Integer.toString(port));
        main.addOverrideProperty("backup.db.url", PG_URL.replace("/postgres", "/" + database));
        main.addOverrideProperty("backup.db.user", "postgres");
        main.addOverrideProperty("backup.data.dir", dataDir.toString());
        main.addOverrideProperty("backup.tmp.dir", tmpDir.toString());
        main.addOverrideProperty("backup.admin.token", TOKEN);
        main.addOverrideProperty("backup.upload.retry.delay.ms", "200");
        main.start();
        return new TestService(main, database, "http://127.0.0.1:" + port, tmpDir, dataDir);
    }

    private void stop() {
        try {
            main.stop();
            try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        } catch (Exception ignored) {
            // the JVM is ending; a left database is named odoo_backup_it_* and harmless
        }
    }

    /** A direct connection to the service's own database, for checks no API shows (secrets at rest). */
    public Connection database() throws java.sql.SQLException {
        return DriverManager.getConnection(PG_URL.replace("/postgres", "/" + database), "postgres", "");
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** BACKUP_TMP_DIR of the service: empty whenever no backup runs. */
    public Path tmpDir() {
        return tmpDir;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Path dataDir() {
        return dataDir;
    }

    public HttpResponse<String> call(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, TOKEN);
    }

    /** A call that must answer with the given status; its JSON body. */
    public JsonNode expect(int status, String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = call(method, path, body);
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", not " + status
                    + ": " + response.body());
        }
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    public JsonNode json(String text) throws IOException {
        return json.readTree(text);
    }

    /** Polls the task until it ends; its final body. */
    public JsonNode awaitTask(String taskId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode task = expect(200, "GET", "/api/v1/tasks/" + taskId, null);
            String status = task.get("status").asText();
            if (status.equals("completed") || status.equals("failed")) {
                return task;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Task " + taskId + " did not end within " + timeout);
    }

    /** Starts a backup and waits for it to end; the backup record. */
    public JsonNode backup(String environmentId, String body) throws Exception {
        JsonNode created = expect(201, "POST", "/api/v1/backups/environments/" + environmentId + "/backups", body);
        awaitTask(created.get("task_id").asText(), Duration.ofMinutes(5));
        return expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
