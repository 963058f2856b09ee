package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restores on real Docker: into the backup's own environment and into another one, checked by a fingerprint of
 * the data (rows and their digests, the filestore's files and theirs) taken with psql and sha256sum in the
 * containers; damaged backups and failing loads leave the target exactly as it was.
 */
class RestoreIT {

    private static final String ORG = "org-restore";
    private static final String SOURCE = "it-restore";
    private static final String OTHER = "it-restore-other";
    private static TestService service;
    private static ApiClient tenant;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(SOURCE, "--org", ORG, "--files", "60", "--rows", "3000");
        Tools.createEnvironment(OTHER, "--org", ORG, "--db-name", "odoo_other", "--files", "5", "--rows", "10");
        // the other environment's database belongs to another role: a restore maps the dump's owner to it
        Tools.ok("docker", "exec", OTHER + "_db", "createuser", "-U", "odoo", "--superuser", "odoo_other");
        tenant = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"restorer\",\"organization_id\":\""
                + ORG + "\",\"permissions\":[\"project.backups.create\",\"project.backups.view\",\"project.backups.restore\","
                + "\"project.backups.policy\",\"org.storage.manage\"]}").get("token").asText());
        tenant.environment(SOURCE, ORG, "odoo_it_restore");
        tenant.expect(201, "POST", "/api/v1/environments", "{\"id\":\"" + OTHER + "\",\"organization_id\":\"" + ORG
                + "\",\"name\":\"Other\",\"db_name\":\"odoo_other\",\"db_user\":\"odoo_other\"}");
        tenant.folderStorage(ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(SOURCE);
        Tools.removeEnvironment(OTHER);
    }

    /** Rows and digests of the Odoo-like tables, and every filestore file with its SHA-256, as the containers show them. */
    static String fingerprint(String environment, String db) throws Exception {
        String rows = Tools.ok("docker", "exec", environment + "_db", "psql", "-U", "odoo", "-d", db, "-At", "-c", Tools.COUNTS);
        String files = Tools.ok(List.of("bash", "-c", "docker exec " + environment + "_odoo sh -c 'cd /var/lib/odoo/filestore/" + db
                + " && find . -type f -exec sha256sum {} +' | sort"), Map.of());
        return rows + files;
    }

    /** Databases and folders a restore makes for itself; none may stay behind. */
    static String leftovers(String environment, String db) throws Exception {
        String databases = Tools.ok("docker", "exec", environment + "_db", "psql", "-U", "odoo", "-d", "postgres", "-At", "-c",
                "SELECT datname FROM pg_database WHERE datname LIKE '%\\_restore\\_%' OR datname LIKE '%\\_old\\_%'");
        String folders = Tools.ok("docker", "exec", environment + "_odoo", "ls", "-a", "/var/lib/odoo/filestore");
        return databases + folders.lines().filter(f -> f.contains(".restore-") || f.contains(".old-")).toList();
    }

    private static JsonNode restore(String backupId, String body) throws Exception {
        JsonNode created = tenant.expect(202, "POST", "/api/v1/backups/" + backupId + "/restore", body);
        tenant.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(5));
        return tenant.expect(200, "GET", "/api/v1/restores/" + created.get("id").asText(), null);
    }

    private static boolean running(String container) throws Exception {
        return Tools.ok("docker", "inspect", "-f", "{{.State.Running}}", container).strip().equals("true");
    }

    @Test
    void aBackupRestoredIntoItsOwnEnvironmentBringsBackItsDataAfterASafetyBackup() throws Exception {
        String before = fingerprint(SOURCE, "odoo_it_restore");
        JsonNode backup = tenant.backup(SOURCE, "{}");
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        // the environment moves on after the backup
        Tools.ok("docker", "exec", SOURCE + "_db", "psql", "-U", "odoo", "-d", "odoo_it_restore", "-c",
                "DELETE FROM res_partner WHERE id % 3 = 0; INSERT INTO res_partner (name) VALUES ('after the backup')");
        Tools.ok("docker", "exec", SOURCE + "_odoo", "sh", "-c", "echo changed > /var/lib/odoo/filestore/odoo_it_restore/new-file");
        String changed = fingerprint(SOURCE, "odoo_it_restore");
        assertThat(changed).isNotEqualTo(before);

        JsonNode restore = restore(backup.get("id").asText(), "{}");
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("completed");
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).isEqualTo(before);
        assertThat(leftovers(SOURCE, "odoo_it_restore")).isEqualTo("[]");
        assertThat(running(SOURCE + "_odoo")).isTrue();

        JsonNode safety = tenant.expect(200, "GET", "/api/v1/backups/" + restore.get("pre_restore_backup_id").asText(), null);
        assertThat(safety.get("backup_type").asText()).isEqualTo("pre_restore");
        assertThat(safety.get("status").asText()).isEqualTo("completed");
        // the safety backup holds the state the restore replaced: restoring it brings that back
        assertThat(restore(safety.get("id").asText(), "{\"pre_restore_backup\":false}").get("status").asText()).isEqualTo("completed");
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).isEqualTo(changed);
        JsonNode list = tenant.expect(200, "GET", "/api/v1/environments/" + SOURCE + "/restores", null);
        assertThat(list.get("total").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBackupRestoredIntoAnotherEnvironmentTakesThatEnvironmentsNamesAndRole() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{}");
        String source = fingerprint(SOURCE, "odoo_it_restore");
        JsonNode restore = restore(backup.get("id").asText(), "{\"target_environment_id\":\"" + OTHER + "\",\"pre_restore_backup\":false}");
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("completed");
        assertThat(fingerprint(OTHER, "odoo_other")).isEqualTo(source);
        assertThat(Tools.ok("docker", "exec", OTHER + "_db", "psql", "-U", "odoo", "-d", "odoo_other", "-At", "-c",
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").strip()).isEqualTo("odoo_other");
        assertThat(leftovers(OTHER, "odoo_other")).isEqualTo("[]");
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).as("the source is not touched").isEqualTo(source);
    }

    @Test
    void aBackupDamagedInStorageFailsBeforeTheTargetIsTouched() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{}");
        Path stored = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(stored, bytes);
        String before = fingerprint(SOURCE, "odoo_it_restore");
        JsonNode restore = restore(backup.get("id").asText(), "{\"pre_restore_backup\":false}");
        assertThat(restore.get("status").asText()).isEqualTo("failed");
        assertThat(restore.get("error_message").asText()).contains("damaged in storage").contains("Nothing was changed");
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).isEqualTo(before);
        assertThat(leftovers(SOURCE, "odoo_it_restore")).isEqualTo("[]");
        assertThat(running(SOURCE + "_odoo")).isTrue();
    }

    @Test
    void restoresAreRefusedWhereTheyMayNotGo() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{\"include_filestore\":false}");
        tenant.expect(404, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{\"target_environment_id\":\"no-such-env\"}");
        JsonNode unknown = tenant.expect(400, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{\"target\":\"x\"}");
        assertThat(unknown.get("detail").asText()).contains("'target'");
        ApiClient viewer = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"v\",\"organization_id\":\""
                + ORG + "\",\"permissions\":[\"project.backups.view\"]}").get("token").asText());
        viewer.expect(403, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{}");
        ApiClient stranger = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"s\",\"organization_id\":\""
                + "org-stranger\",\"permissions\":[\"project.backups.restore\",\"project.backups.view\"]}").get("token").asText());
        stranger.expect(404, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{}");
    }
}
