package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention sweep over backups of every tier and age, made at moments set on the service's clock,
 * checked in the storage itself: a folder, and S3Proxy through the aws CLI.
 */
class RetentionIT {

    private static final String ENV = "it-retention";
    private static final String ORG = "org-retention";
    private static final String BUCKET = "it-retention-" + Long.toString(System.nanoTime(), 36);
    private static TestService service;
    private static Path folder;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--files", "10", "--rows", "100");
        Tools.aws("s3", "mb", "s3://" + BUCKET);
        service.environment(ENV, ORG, "odoo_it_retention");
        service.folderStorage(ORG);
        folder = service.localStorage(ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Tools.run(List.of("chattr", "-R", "-i", Path.of(".infra/s3data", BUCKET).toAbsolutePath().toString()));
        Tools.aws("s3", "rb", "--force", "s3://" + BUCKET);
    }

    @AfterEach
    void realTime() {
        service.clock().reset();
    }

    private static JsonNode backupAt(String when, String body) throws Exception {
        service.clock().set(Instant.parse(when));
        JsonNode backup = service.backup(ENV, body);
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        return backup;
    }

    private static String status(JsonNode backup) throws Exception {
        return service.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("status").asText();
    }

    private static boolean inFolder(JsonNode backup) {
        return Files.exists(folder.resolve(backup.get("backup_key").asText()));
    }

    private static boolean inBucket(JsonNode backup) throws Exception {
        return Tools.aws("s3", "ls", "--recursive", "s3://" + BUCKET).contains(backup.get("backup_key").asText());
    }

    @Test
    void theSweepExpiresExactlyWhatIsPastItsTimeAndRetriesWhatItCouldNotDelete() throws Exception {
        String s3 = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"S3","provider":"minio","bucket":"%s","endpoint_url":"%s","access_key":"%s","secret_key":"%s"}"""
                .formatted(ORG, BUCKET, Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY)).get("id").asText();
        Map<String, JsonNode> made = new LinkedHashMap<>();
        made.put("yearly", backupAt("2025-01-01T10:00:00Z", "{}"));          // expires 2027-01-01
        made.put("monthly", backupAt("2025-03-01T10:00:00Z", "{}"));         // expires 2026-03-01
        made.put("weekly", backupAt("2025-03-02T10:00:00Z", "{}"));          // a Sunday: expires 2025-03-30
        made.put("on-s3", backupAt("2025-03-03T10:00:00Z", "{\"storage_config_id\":\"" + s3 + "\"}")); // daily: 2025-03-10
        made.put("daily", backupAt("2025-03-04T10:00:00Z", "{}"));           // expires 2025-03-11
        made.put("permanent", backupAt("2025-03-05T10:00:00Z", "{\"retention_type\":\"permanent\"}"));
        made.put("newest", backupAt("2025-03-06T10:00:00Z", "{}"));          // expires 2025-03-13, but the newest
        assertThat(made.values().stream().map(b -> b.get("retention_type").asText()).toList())
                .containsExactly("yearly", "monthly", "weekly", "daily", "daily", "permanent", "daily");
        assertThat(made.get("weekly").get("expires_at").asText()).isEqualTo("2025-03-30T10:00:00Z");
        assertThat(made.get("permanent").get("expires_at").isNull()).isTrue();

        // the storage refuses to delete that backup's object now (not even S3Proxy's root may remove it)
        Path stuck = Path.of(".infra/s3data", BUCKET, made.get("on-s3").get("backup_key").asText()).toAbsolutePath();
        Tools.ok("chattr", "+i", stuck.toString());
        service.clock().set(Instant.parse("2025-04-01T00:00:00Z"));
        JsonNode sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null);
        assertThat(sweep.get("expired").asInt()).isEqualTo(3);
        assertThat(sweep.get("deleted").asInt()).isEqualTo(2);
        assertThat(sweep.get("failed").asInt()).isEqualTo(1);
        assertThat(sweep.get("freed_bytes").asLong()).isEqualTo(made.get("weekly").get("compressed_size").asLong()
                + made.get("daily").get("compressed_size").asLong());
        for (String kept : List.of("yearly", "monthly", "permanent", "newest")) {
            assertThat(status(made.get(kept))).as(kept).isEqualTo("completed");
            assertThat(inFolder(made.get(kept))).as(kept).isTrue();
        }
        for (String gone : List.of("weekly", "daily")) {
            assertThat(status(made.get(gone))).as(gone).isEqualTo("expired");
            assertThat(inFolder(made.get(gone))).as(gone).isFalse();
        }
        assertThat(status(made.get("on-s3"))).isEqualTo("completed");
        assertThat(inBucket(made.get("on-s3"))).isTrue();

        // deletable again: the next sweep deletes it
        Tools.ok("chattr", "-i", stuck.toString());
        sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null);
        assertThat(sweep.get("deleted").asInt()).isEqualTo(1);
        assertThat(status(made.get("on-s3"))).isEqualTo("expired");
        assertThat(inBucket(made.get("on-s3"))).isFalse();

        // manual override: an expiry moved into the past goes at the next sweep; permanent never does
        service.expect(200, "PATCH", "/api/v1/backups/" + made.get("yearly").get("id").asText(), "{\"expires_at\":\"2025-03-15T00:00:00Z\"}");
        service.expect(200, "PATCH", "/api/v1/backups/" + made.get("monthly").get("id").asText(), "{\"retention_type\":\"permanent\"}");
        service.expect(409, "PATCH", "/api/v1/backups/" + made.get("permanent").get("id").asText(), "{\"expires_at\":\"2025-03-15T00:00:00Z\"}");
        service.expect(400, "PATCH", "/api/v1/backups/" + made.get("newest").get("id").asText(), "{\"retention_type\":\"weekly\"}");
        service.expect(400, "PATCH", "/api/v1/backups/" + made.get("newest").get("id").asText(), "{\"expires_at\":\"soon\"}");
        sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null); // still 2025-04-01
        assertThat(sweep.get("deleted").asInt()).isEqualTo(1);
        assertThat(status(made.get("yearly"))).isEqualTo("expired");
        assertThat(status(made.get("monthly"))).isEqualTo("completed");
        assertThat(status(made.get("permanent"))).isEqualTo("completed");
        assertThat(status(made.get("newest"))).as("the newest completed backup is never removed").isEqualTo("completed");
        JsonNode record = service.expect(200, "GET", "/api/v1/backups/" + made.get("weekly").get("id").asText(), null);
        assertThat(record.get("database_checksum").asText()).as("expired records stay for audit").startsWith("sha256:");
    }

    @Test
    void oneSweepAtATime() throws Exception {
        try (Connection db = service.database(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE retention_sweep_lease SET held_since = now() WHERE id = 1");
            try {
                JsonNode busy = service.expect(409, "POST", "/api/v1/retention/sweep", null);
                assertThat(busy.get("detail").asText()).contains("already running");
            } finally {
                s.executeUpdate("UPDATE retention_sweep_lease SET held_since = NULL WHERE id = 1");
            }
        }
        service.expect(200, "POST", "/api/v1/retention/sweep", null);
    }
}
