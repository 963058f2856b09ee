package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate-secret-key} (README, Production): refused while an instance runs and when any sealed value does not
 * open (nothing changed then); once done, the old key no longer opens the records and the new one opens everything:
 * an S3 storage's credentials and the organization's identity of an encrypted backup.
 */
class SecretKeyRotationIT {

    private static final String ENV = "it-rotate";
    private static final String ORG = "org-rotate";
    private static final String OLD = "the-old-secret-key-0123456789";
    private static final String NEW = "the-new-secret-key-9876543210";

    @BeforeAll
    static void setUp() throws Exception {
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "500", "--files", "5");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static Tools.Result rotate(Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        env.put("BACKUP_NEW_SECRET_KEY", NEW);
        return Tools.run(List.of("java", "-jar", Path.of("target/odoo-backup.jar").toAbsolutePath().toString(), "rotate-secret-key"), env);
    }

    private static List<String> sealed(Tools.Database records) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(records.url(), "postgres", "");
             ResultSet r = c.createStatement().executeQuery("SELECT secrets FROM storage_config UNION ALL SELECT identity_sealed"
                     + " FROM organization_key UNION ALL SELECT sealed FROM key_check")) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    @Test
    void theRecordsAreResealedWholeOrNotAtAll(@TempDir Path work) throws Exception {
        String bucket = "rotate-" + Long.toString(System.nanoTime(), 36);
        Tools.aws("s3", "mb", "s3://" + bucket);
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_rotate")) {
            Map<String, String> settings = new HashMap<>();
            settings.put("BACKUP_DB_URL", records.url());
            settings.put("BACKUP_DB_USER", "postgres");
            settings.put("BACKUP_DATA_DIR", work.resolve("data").toString());
            settings.put("BACKUP_TMP_DIR", work.toString());
            settings.put("BACKUP_ADMIN_TOKEN", TestService.TOKEN);
            settings.put("BACKUP_STORAGE_ALLOWED_NETWORKS", "127.0.0.0/8");
            settings.put("BACKUP_SECRET_KEY", OLD);
            String storage;
            JsonNode backup;
            try (ServiceProcess service = ServiceProcess.start(settings)) {
                ApiClient api = new ApiClient(service.baseUrl(), TestService.TOKEN);
                api.environment(ENV, ORG, "odoo_it_rotate");
                storage = api.expect(201, "POST", "/api/v1/backups/storage-configs", """
                        {"organization_id":"%s","name":"Sealed S3","provider":"minio","bucket":"%s","endpoint_url":"%s",
                         "access_key":"%s","secret_key":"%s","encryption":"age"}"""
                        .formatted(ORG, bucket, Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY)).get("id").asText();
                backup = api.backup(ENV, "{}");
                assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("completed");

                Tools.Result running = rotate(settings);
                assertThat(running.exitCode()).as(running.output()).isEqualTo(2);
                assertThat(running.output()).contains("an instance still runs on these records").contains("nothing was changed");
                assertThat(service.stop()).isIn(0, 130, 143);
            }
            List<String> before = sealed(records);

            // one value sealed with another key: the whole rotation is refused, every value stays as it was
            try (Connection c = DriverManager.getConnection(records.url(), "postgres", "")) {
                c.createStatement().execute("INSERT INTO storage_config (id, organization_id, name, provider, settings, secrets)"
                        + " VALUES ('00000000-0000-0000-0000-00000000beef', '" + ORG + "', 'Stray', 'local', '{}', 'not-sealed-here')");
            }
            Tools.Result stray = Await.until("the stopped instance is seen stopped", Duration.ofSeconds(60), Duration.ofSeconds(3),
                    () -> rotate(settings), result -> !result.output().contains("an instance still runs"));
            assertThat(stray.exitCode()).as(stray.output()).isEqualTo(2);
            assertThat(stray.output()).contains("storage_config 00000000-0000-0000-0000-00000000beef is not sealed with the current");
            try (Connection c = DriverManager.getConnection(records.url(), "postgres", "")) {
                c.createStatement().execute("DELETE FROM storage_config WHERE id = '00000000-0000-0000-0000-00000000beef'");
            }
            assertThat(sealed(records)).isEqualTo(before);

            Tools.Result rotated = rotate(settings);
            assertThat(rotated.exitCode()).as(rotated.output()).isZero();
            assertThat(rotated.output()).contains("secrets re-sealed").doesNotContain(NEW).doesNotContain(OLD);
            assertThat(sealed(records)).doesNotContainAnyElementsOf(before);

            ServiceProcess refused = ServiceProcess.launch(settings);
            try (refused) {
                assertThat(refused.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
                assertThat(refused.log()).contains("BACKUP_SECRET_KEY is not the key the records in this database were sealed with");
            }
            settings.put("BACKUP_SECRET_KEY", NEW);
            try (ServiceProcess service = ServiceProcess.start(settings)) {
                ApiClient api = new ApiClient(service.baseUrl(), TestService.TOKEN);
                JsonNode test = api.expect(200, "POST", "/api/v1/backups/storage-configs/" + storage + "/test", null);
                assertThat(test.get("success").asBoolean()).as(test.toString()).isTrue();
                HttpResponse<Path> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/backups/" + backup.get("id").asText() + "/download")).header("Authorization", "Bearer " + TestService.TOKEN)
                        .build(), HttpResponse.BodyHandlers.ofFile(work.resolve("after-rotation.zip")));
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(Tools.ok("unzip", "-t", download.body().toString())).contains("No errors detected");
            }
        } finally {
            Tools.aws("s3", "rb", "s3://" + bucket, "--force");
        }
    }
}
