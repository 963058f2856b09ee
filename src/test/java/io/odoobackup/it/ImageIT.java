package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable forms (README, Production): the Dockerfile built on a Java 17 runtime made from Debian packages
 * (scripts/infra.sh jre-image; nothing can be pulled here) runs as a non-root user with the host's Docker socket and
 * its group, secrets as files and an external records database, turns healthy, backs up and restores an environment
 * of the host's engine, and stops on SIGTERM saying so; the compose file and the systemd unit pass their own tools'
 * checks.
 */
class ImageIT {

    private static final String IMAGE = "odoo-backup-test/service:it";
    private static final String CONTAINER = "odoo-backup-image-it";
    private static final String ENV = "it-image";
    private static final String ORG = "org-image";

    @BeforeAll
    static void build() throws Exception {
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "1000", "--files", "10");
        Tools.run(List.of("docker", "rm", "-f", CONTAINER));
        // the legacy builder with no network: the base has everything, and this engine has no bridge
        Tools.ok("docker", "build", "--network", "none", "--build-arg", "BASE=odoo-backup-test/jre:17", "-t", IMAGE, ".");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Tools.run(List.of("docker", "rm", "-f", CONTAINER));
        Tools.run(List.of("docker", "rmi", "-f", IMAGE));
        Tools.removeEnvironment(ENV);
    }

    @Test
    void theImageRunsUnprivilegedWithSecretsAsFilesBacksUpRestoresAndStops(@TempDir Path work) throws Exception {
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("admin-token"), TestService.TOKEN + "\n");
        Files.writeString(secrets.resolve("secret-key"), "an-image-secret-key-0123456789");
        // the service's user is not root: it must be able to read what it is given, and nothing more is asked
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : List.of("admin-token", "secret-key")) {
            Files.setPosixFilePermissions(secrets.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        int port = Tools.freePort();
        int managementPort = Tools.freePort();
        int dockerGroup = (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_image")) {
            List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", CONTAINER, "--network", "host",
                    "-v", "/var/run/docker.sock:/var/run/docker.sock", "--group-add", Integer.toString(dockerGroup),
                    "-v", secrets + ":/run/secrets:ro",
                    "-e", "BACKUP_HTTP_PORT=" + port, "-e", "BACKUP_MANAGEMENT_PORT=" + managementPort,
                    "-e", "BACKUP_DB_URL=" + records.url(), "-e", "BACKUP_DB_USER=postgres",
                    "-e", "BACKUP_ADMIN_TOKEN_FILE=/run/secrets/admin-token", "-e", "BACKUP_SECRET_KEY_FILE=/run/secrets/secret-key",
                    IMAGE));
            Tools.ok(run, java.util.Map.of());
            String health = Await.until("the container turns healthy", Duration.ofSeconds(120), Duration.ofSeconds(1),
                    () -> Tools.run(List.of("docker", "inspect", "--format", "{{.State.Health.Status}}", CONTAINER)).output().strip(),
                    status -> status.equals("healthy") || status.equals("unhealthy"));
            assertThat(health).as(logs()).isEqualTo("healthy");
            assertThat(Tools.ok("docker", "exec", CONTAINER, "id", "-u").strip()).isEqualTo("10001");
            assertThat(Tools.ok("docker", "inspect", "--format", "{{.Config.User}}", CONTAINER).strip()).isEqualTo("10001:10001");

            ApiClient api = new ApiClient("http://127.0.0.1:" + port, TestService.TOKEN); // the token from its file
            api.environment(ENV, ORG, "odoo_it_image");
            api.folderStorage(ORG);
            JsonNode backup = api.backup(ENV, "{}");
            assertThat(backup.get("status").asText()).as(backup + "\n" + logs()).isEqualTo("completed");
            HttpResponse<Path> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/backups/" + backup.get("id").asText() + "/download")).header("Authorization", "Bearer " + TestService.TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofFile(work.resolve("from-image.zip")));
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(Tools.ok("unzip", "-l", download.body().toString())).contains("dump.sql", "filestore.tar.gz", "manifest.json");
            JsonNode restore = api.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore",
                    "{\"pre_restore_backup\":false}");
            JsonNode restored = api.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(3));
            assertThat(restored.get("status").asText()).as(restored + "\n" + logs()).isEqualTo("completed");

            Tools.ok("docker", "stop", "-t", "30", CONTAINER);
            assertThat(Tools.ok("docker", "inspect", "--format", "{{.State.ExitCode}}", CONTAINER).strip()).isIn("0", "143");
            String log = logs();
            assertThat(log.strip()).endsWith("odoo-backup stopped");
            assertThat(log).doesNotContain(TestService.TOKEN).doesNotContain("an-image-secret-key");
        }
    }

    private static String logs() throws Exception {
        return Tools.run(List.of("docker", "logs", CONTAINER)).output();
    }

    @Test
    void theComposeFileAndTheSystemdUnitPassTheirToolsChecks() throws Exception {
        Tools.ok("docker-compose", "-f", "deploy/compose.yaml", "config", "--quiet");
        Tools.Result unit = Tools.run(List.of("systemd-analyze", "verify", "deploy/odoo-backup.service"));
        assertThat(unit.exitCode()).as(unit.output()).isZero();
        assertThat(unit.output()).as(unit.output()).doesNotContain("Unknown").doesNotContain("ignoring");
    }
}
