package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage server dies while a large backup is being uploaded to it. */
class StorageOutageIT {

    private static final String ENV = "it-outage";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--filestore-mb", "300");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    @Test
    void aStorageServerDyingMidUploadFailsTheBackupAndLeavesNothingVisible(@TempDir Path s3dir) throws Exception {
        int port = Tools.freePort();
        Path properties = Tools.s3ProxyProperties(s3dir, port, "outage-key", "outage-secret", "outage");
        Process proxy = Tools.startS3Proxy(properties, port);
        try {
            service.expect(201, "POST", "/api/v1/environments", """
                    {"id":"%s","organization_id":"org-outage","name":"Outage","db_name":"odoo_it_outage"}""".formatted(ENV));
            service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                    {"organization_id":"org-outage","name":"Soon gone","provider":"minio","bucket":"outage",
                     "endpoint_url":"http://127.0.0.1:%d","access_key":"outage-key","secret_key":"outage-secret"}""".formatted(port));
            JsonNode created = service.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
            String id = created.get("id").asText();
            Await.until("the backup reaches uploading", Duration.ofMinutes(2), Duration.ofMillis(20),
                    () -> service.expect(200, "GET", "/api/v1/backups/" + id, null).get("status").asText(), "uploading"::equals);
            Thread.sleep(300);
            proxy.destroyForcibly().waitFor();

            JsonNode task = service.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(2));
            JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + id, null);
            assertThat(task.get("status").asText()).isEqualTo("failed");
            assertThat(backup.get("status").asText()).isEqualTo("failed");
            assertThat(backup.get("error_message").asText()).isNotBlank().doesNotContain("outage-secret");
            try (Stream<Path> temp = Files.list(service.tmpDir())) {
                assertThat(temp).isEmpty();
            }
            // back up again: the key shows no object, whole or half
            proxy = Tools.startS3Proxy(properties, port);
            Tools.Result head = Tools.awsAt("http://127.0.0.1:" + port, "outage-key", "outage-secret", "s3api",
                    "head-object", "--bucket", "outage", "--key", backup.get("backup_key").asText());
            assertThat(head.exitCode()).as(head.output()).isNotZero();
            assertThat(head.output()).contains("404");
        } finally {
            proxy.destroyForcibly().waitFor();
        }
    }
}
