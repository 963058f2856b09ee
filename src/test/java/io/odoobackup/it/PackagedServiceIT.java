package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar on embedded defaults (no BACKUP_DB_URL: embedded PostgreSQL; the local folder),
 * with a heap far smaller than the data it backs up: nothing may hold a dump or archive whole.
 */
class PackagedServiceIT {

    private static final String ENV = "it-packaged";
    private static final int FILESTORE_MB = 400;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void createEnvironment() throws Exception {
        Tools.createEnvironment(ENV, "--rows", "200000", "--filestore-mb", Integer.toString(FILESTORE_MB));
    }

    @AfterAll
    static void removeEnvironment() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    @Test
    void aFreshInstallBacksUpALargeEnvironmentInASmallHeap(@TempDir Path dataDir, @TempDir Path tmpDir) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(
                Map.of("BACKUP_DATA_DIR", dataDir.toString(), "BACKUP_TMP_DIR", tmpDir.toString()), "-Xmx96m")) {
            Path tokenFile = dataDir.resolve("admin-token");
            assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String token = Files.readString(tokenFile).trim();
            assertThat(service.log()).contains(tokenFile.toString()).doesNotContain(token);

            call(service, token, "POST", "/api/v1/environments", """
                    {"id":"%s","organization_id":"org-packaged","name":"Packaged","db_name":"odoo_it_packaged"}""".formatted(ENV), 201);
            call(service, token, "POST", "/api/v1/backups/storage-configs",
                    "{\"organization_id\":\"org-packaged\",\"name\":\"This machine\",\"provider\":\"local\"}", 201);
            Instant started = Instant.now();
            JsonNode created = call(service, token, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}", 201);
            JsonNode backup = awaitEnd(service, token, created.get("id").asText());
            Duration took = Duration.between(started, Instant.now());

            assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("completed");
            assertThat(backup.get("is_verified").asBoolean()).isTrue();
            assertThat(backup.get("filestore_size").asLong()).isGreaterThan(FILESTORE_MB * 1_048_576L / 2);
            Path zip = dataDir.resolve("storage/org-packaged").resolve(backup.get("backup_key").asText());
            assertThat(Files.getPosixFilePermissions(zip)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.size(zip)).isEqualTo(backup.get("compressed_size").asLong());
            assertThat(Tools.run(java.util.List.of("unzip", "-tq", zip.toString())).exitCode()).isZero();
            try (Stream<Path> left = Files.list(tmpDir)) {
                assertThat(left).isEmpty();
            }
            System.out.printf("Largest test backup: dump %d bytes, filestore.tar.gz %d bytes, ZIP %d bytes, %d s wall, -Xmx96m%n",
                    backup.get("database_size").asLong(), backup.get("filestore_size").asLong(),
                    backup.get("compressed_size").asLong(), took.toSeconds());
            assertThat(service.stop()).isIn(0, 130, 143);
        }
    }

    private JsonNode call(ServiceProcess service, String token, String method, String path, String body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private JsonNode awaitEnd(ServiceProcess service, String token, String backupId) throws Exception {
        return Await.until("backup " + backupId + " ends", Duration.ofMinutes(5),
                () -> call(service, token, "GET", "/api/v1/backups/" + backupId, null, 200),
                backup -> Stream.of("completed", "failed").anyMatch(backup.get("status").asText()::equals));
    }
}
