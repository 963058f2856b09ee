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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own records lost (docs/api.md §13): an instance on an empty records database, with another secret
 * key, takes back the organization's identities from their escrow and rebuilds the catalog from what the storage
 * holds; an encrypted backup made before then downloads, restores and passes a restore check. Secrets come from files
 * (BACKUP_*_FILE), as an image or a unit gives them.
 */
class RecordsRecoveryIT {

    private static final String ENV = "it-recover";
    private static final String ORG = "org-recover";
    private static final String DB = "odoo_it_recover";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws Exception {
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "2000", "--files", "20");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static Map<String, String> settings(Tools.Database records, Path data, Path storage, Path secrets, String secretKey)
            throws Exception {
        Files.createDirectories(secrets);
        Map<String, String> settings = new HashMap<>();
        settings.put("BACKUP_DB_URL", records.url());
        settings.put("BACKUP_DB_USER", "postgres");
        settings.put("BACKUP_DATA_DIR", data.toString());
        settings.put("BACKUP_TMP_DIR", data.resolve("tmp").toString());
        settings.put("BACKUP_LOCAL_STORAGE_ROOT", storage.toString());
        settings.put("BACKUP_ADMIN_TOKEN_FILE", Files.writeString(secrets.resolve("admin-token"), TestService.TOKEN + "\n").toString());
        settings.put("BACKUP_SECRET_KEY_FILE", Files.writeString(secrets.resolve("secret-key"), secretKey).toString());
        return settings;
    }

    private static String storage(ApiClient api, String name, String extra) throws Exception {
        return api.expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG + "\",\"name\":\"" + name
                + "\",\"provider\":\"local\"" + extra + "}").get("id").asText();
    }

    private static JsonNode rescan(ApiClient api, String configId) throws Exception {
        JsonNode started = api.expect(202, "POST", "/api/v1/backups/storage-configs/" + configId + "/rescan", null);
        JsonNode task = api.awaitTask(started.get("task_id").asText(), Duration.ofMinutes(3));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("completed");
        return task.get("result");
    }

    @Test
    void anEmptyRecordsDatabaseGetsTheCatalogBackFromStorageAndAnEncryptedBackupRestores(@TempDir Path work) throws Exception {
        Path storageRoot = work.resolve("storage");
        Path escrow = work.resolve("escrow-key.txt");
        Tools.ok("age-keygen", "-o", escrow.toString());
        String escrowRecipient = Tools.ok("age-keygen", "-y", escrow.toString()).strip();
        JsonNode sealed;
        JsonNode plain;
        String identities;
        try (Tools.Database lost = Tools.freshDatabase("odoo_backup_lost");
             ServiceProcess first = ServiceProcess.start(settings(lost, work.resolve("data-1"), storageRoot, work.resolve("secrets-1"),
                     "the-first-secret-key-0123456789"))) {
            ApiClient api = new ApiClient(first.baseUrl(), TestService.TOKEN); // the token from its file: it answers
            api.environment(ENV, ORG, DB);
            String vault = storage(api, "Vault", ",\"encryption\":\"age\",\"path_prefix\":\"vault\"");
            String folder = storage(api, "Folder", ",\"filestore_mode\":\"incremental\"");
            sealed = api.backup(ENV, "{\"storage_config_id\":\"" + vault + "\",\"retention_type\":\"monthly\"}");
            plain = api.backup(ENV, "{\"storage_config_id\":\"" + folder + "\"}");
            assertThat(sealed.get("status").asText()).as(sealed.toString()).isEqualTo("completed");
            assertThat(plain.get("status").asText()).as(plain.toString()).isEqualTo("completed");
            identities = api.expect(200, "POST", "/api/v1/organizations/" + ORG + "/encryption/export",
                    "{\"recipient\":\"" + escrowRecipient + "\"}").get("identities").asText();
        } // the records database is dropped here: every record is gone, the objects stay
        // and one pool file of the incremental backup is lost with them
        Path lostPoolFile;
        try (var pool = Files.walk(storageRoot.resolve(ORG).resolve("pool"))) {
            lostPoolFile = pool.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.delete(lostPoolFile);

        // something that is not a backup of this service, where backups lie
        Path folderOfEnv = storageRoot.resolve(ORG).resolve("backups").resolve(ORG).resolve(ENV);
        Files.writeString(folderOfEnv.resolve(UUID.randomUUID() + ".zip"), "not a zip");

        try (Tools.Database rebuilt = Tools.freshDatabase("odoo_backup_rebuilt");
             ServiceProcess second = ServiceProcess.start(settings(rebuilt, work.resolve("data-2"), storageRoot, work.resolve("secrets-2"),
                     "another-secret-key-9876543210"))) {
            ApiClient api = new ApiClient(second.baseUrl(), TestService.TOKEN);
            api.environment(ENV, ORG, DB);
            String vault = storage(api, "Vault", ",\"encryption\":\"age\",\"path_prefix\":\"vault\"");
            String folder = storage(api, "Folder", ",\"filestore_mode\":\"incremental\"");
            api.expect(404, "GET", "/api/v1/backups/" + sealed.get("id").asText(), null);

            // without the identities the encrypted backup cannot be read: nothing is made up, the task says what to do
            JsonNode locked = rescan(api, vault);
            assertThat(locked.get("found").asInt()).isEqualTo(1);
            assertThat(locked.get("created").asInt()).isZero();
            assertThat(locked.get("unreadable").asInt()).isEqualTo(1);
            assertThat(locked.get("problems").toString()).contains("encryption/import");

            String escrowIdentity = Files.readAllLines(escrow).stream().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
            JsonNode imported = api.expect(200, "POST", "/api/v1/organizations/" + ORG + "/encryption/import",
                    JSON.createObjectNode().put("identities", identities).put("identity", escrowIdentity).toString());
            assertThat(imported.get("imported").asInt()).isPositive();

            JsonNode result = rescan(api, vault);
            assertThat(result.get("found").asInt()).isEqualTo(1);
            assertThat(result.get("created").asInt()).isEqualTo(1);
            JsonNode again = rescan(api, vault);
            assertThat(again.get("created").asInt()).isZero();
            assertThat(again.get("skipped").asInt()).isEqualTo(1);
            JsonNode folderResult = rescan(api, folder);
            assertThat(folderResult.get("created").asInt()).isEqualTo(1);
            assertThat(folderResult.get("unreadable").asInt()).isEqualTo(1);

            // the records say what the first instance's said
            JsonNode back = api.expect(200, "GET", "/api/v1/backups/" + sealed.get("id").asText(), null);
            for (String field : new String[] {"status", "backup_key", "backup_type", "retention_type", "expires_at", "database_checksum",
                    "filestore_checksum", "compressed_size", "environment_id", "organization_id"}) {
                assertThat(back.get(field)).as(field + " in " + back).isEqualTo(sealed.get(field));
            }
            assertThat(api.expect(200, "GET", "/api/v1/backups/" + plain.get("id").asText(), null).get("backup_key"))
                    .isEqualTo(plain.get("backup_key"));

            // it downloads as a ZIP that unzip reads whole, restores, and passes a restore check
            HttpResponse<Path> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(second.baseUrl()
                    + "/api/v1/backups/" + sealed.get("id").asText() + "/download")).header("Authorization", "Bearer " + TestService.TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofFile(work.resolve("recovered.zip")));
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(Tools.ok("unzip", "-t", download.body().toString())).contains("No errors detected");
            String before = Tools.sourceCounts(ENV, DB);
            JsonNode restore = api.expect(202, "POST", "/api/v1/backups/" + sealed.get("id").asText() + "/restore",
                    "{\"pre_restore_backup\":false}");
            JsonNode restored = api.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(3));
            assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("completed");
            assertThat(Tools.sourceCounts(ENV, DB)).isEqualTo(before);
            JsonNode check = api.expect(202, "POST", "/api/v1/backups/" + sealed.get("id").asText() + "/verify-restore", null);
            api.awaitTask(check.get("task_id").asText(), Duration.ofMinutes(3));
            assertThat(api.expect(200, "GET", "/api/v1/backups/" + sealed.get("id").asText(), null).get("restore_check").get("ok")
                    .asBoolean()).isTrue();

            // the incremental backup is back with the pool files it lists referenced again and the ones the storage holds
            // recorded: a later backup of the same filestore uploads only the lost one, and its files outlive its deletion,
            // since the recovered backup lists them too
            String recovered = plain.get("id").asText();
            assertThat(api.expect(200, "GET", "/api/v1/backups/" + recovered, null).get("filestore_format").asText()).isEqualTo("index");
            JsonNode later = api.backup(ENV, "{\"storage_config_id\":\"" + folder + "\"}");
            JsonNode laterFilestore = JSON.readTree(Tools.ok("unzip", "-p", storageRoot.resolve(ORG).resolve(later.get("backup_key").asText())
                    .toString(), "manifest.json")).get("filestore");
            assertThat(laterFilestore.get("new_files").asLong()).as(laterFilestore.toString()).isEqualTo(1);
            assertThat(lostPoolFile).exists();
            api.expect(204, "DELETE", "/api/v1/backups/" + later.get("id").asText(), null);
            JsonNode pool = api.expect(200, "POST", "/api/v1/backups/" + recovered + "/verify-pool", null);
            assertThat(pool.get("ok").asBoolean()).as(pool.toString()).isTrue();
            assertThat(pool.get("files").asLong()).isPositive();
            assertThat(second.log()).doesNotContain("AGE-SECRET-KEY").doesNotContain("another-secret-key");
        }
    }
}
