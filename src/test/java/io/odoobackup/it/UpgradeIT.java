package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade as README says to do it: the previous release's jar (built here from its commit) makes records, a
 * schedule and an encrypted backup; stopped, the new jar starts on the same records, secret key, data folder and
 * storage, migrates them (Flyway), keeps every record and schedule, backs up again and restores the backup made before.
 */
class UpgradeIT {

    /** The last commit of the previous release: Camel 4.17, embedded PostgreSQL 14, schema V15. */
    static final String PREVIOUS = "01246d2";
    private static final String ENV = "it-upgrade";
    private static final String ORG = "org-upgrade";
    private static final String DB = "odoo_it_upgrade";
    private static Path previousJar;

    @BeforeAll
    static void buildThePreviousRelease(@TempDir Path build) throws Exception {
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "1500", "--files", "10");
        Path source = Files.createDirectories(build.resolve("previous"));
        Tools.ok(List.of("bash", "-c", "git archive --format=tar " + PREVIOUS + " | tar -x -C " + source), Map.of());
        Tools.ok(List.of("mvn", "-q", "-B", "-f", source.resolve("pom.xml").toString(), "package", "-DskipTests"), Map.of());
        previousJar = source.resolve("target/odoo-backup.jar");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    @Test
    void theNewReleaseTakesOverThePreviousOnesRecordsSchedulesAndBackups(@TempDir Path work) throws Exception {
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_upgrade")) {
            Map<String, String> settings = new HashMap<>();
            settings.put("BACKUP_DB_URL", records.url());
            settings.put("BACKUP_DB_USER", "postgres");
            settings.put("BACKUP_DATA_DIR", work.resolve("data").toString());
            settings.put("BACKUP_TMP_DIR", work.toString());
            settings.put("BACKUP_ADMIN_TOKEN", TestService.TOKEN);
            settings.put("BACKUP_SECRET_KEY", "the-upgrade-secret-key-0123456789");
            JsonNode before;
            JsonNode policy;
            String storage;
            try (ServiceProcess previous = ServiceProcess.start(previousJar, settings)) {
                ApiClient api = new ApiClient(previous.baseUrl(), TestService.TOKEN);
                api.environment(ENV, ORG, DB);
                storage = api.expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG
                        + "\",\"name\":\"Sealed\",\"provider\":\"local\",\"encryption\":\"age\"}").get("id").asText();
                policy = api.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                        "{\"enabled\":true,\"schedule_time\":\"03:30\",\"timezone\":\"Europe/Berlin\",\"daily_retention_days\":9}");
                before = api.backup(ENV, "{}");
                assertThat(before.get("status").asText()).as(before.toString()).isEqualTo("completed");
                assertThat(previous.stop()).isIn(0, 130, 143);
            }
            try (ServiceProcess next = ServiceProcess.start(settings)) {
                ApiClient api = new ApiClient(next.baseUrl(), TestService.TOKEN);
                JsonNode after = api.expect(200, "GET", "/api/v1/backups/" + before.get("id").asText(), null);
                for (String field : List.of("status", "backup_key", "encryption", "archive_checksum", "stored_checksum", "expires_at",
                        "created_at", "compressed_size")) {
                    assertThat(after.get(field)).as(field + " in " + after).isEqualTo(before.get(field));
                }
                JsonNode kept = api.expect(200, "GET", "/api/v1/backups/environments/" + ENV + "/policy", null);
                for (String field : List.of("enabled", "schedule_time", "timezone", "daily_retention_days", "next_run_at")) {
                    assertThat(kept.get(field)).as(field + " in " + kept).isEqualTo(policy.get(field));
                }
                assertThat(api.expect(200, "GET", "/api/v1/backups/storage-configs/" + storage, null).get("encryption").asText())
                        .isEqualTo("age");
                JsonNode fresh = api.backup(ENV, "{}");
                assertThat(fresh.get("status").asText()).as(fresh.toString()).isEqualTo("completed");
                // the backup made by the previous release restores: its sealed identity opened under the new one
                JsonNode restore = api.expect(202, "POST", "/api/v1/backups/" + before.get("id").asText() + "/restore",
                        "{\"pre_restore_backup\":false}");
                JsonNode restored = api.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(3));
                assertThat(restored.get("status").asText()).as(restored + "\n" + next.log()).isEqualTo("completed");
                try (var db = java.sql.DriverManager.getConnection(records.url(), "postgres", "");
                     var rows = db.createStatement().executeQuery("SELECT max(CAST(version AS integer)) FROM flyway_schema_history")) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("the schema migrated to this release's").isGreaterThanOrEqualTo(16);
                }
            }
        }
    }
}
