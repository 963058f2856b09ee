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
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted backups through the whole service: the organization's recipient, restores and restore checks of an
 * encrypted backup, the raw ciphertext for age users, a key rotation that leaves old backups readable, and a
 * changed byte in storage that fails loudly.
 */
class EncryptionIT {

    private static final String ENV = "it-age";
    private static final String ORG = "org-age";
    private static TestService service;
    private static String configId;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "3000", "--files", "30");
        service.environment(ENV, ORG, "odoo_it_age");
        configId = service.expect(201, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + ORG + "\",\"name\":\"Sealed\",\"provider\":\"local\",\"encryption\":\"age\"}").get("id").asText();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static HttpResponse<byte[]> download(String backupId, String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/" + backupId
                + "/download" + query)).header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode restore(String backupId) throws Exception {
        JsonNode restore = service.expect(202, "POST", "/api/v1/backups/" + backupId + "/restore", "{\"pre_restore_backup\":false}");
        service.awaitTask(restore.get("task_id").asText(), java.time.Duration.ofMinutes(3));
        return service.expect(200, "GET", "/api/v1/restores/" + restore.get("id").asText(), null);
    }

    /**
     * The identities leave the records only encrypted to a recipient the operator holds: the standard age tool opens
     * the export, which is an age identity file for the organization's recipients; an import into records that lack
     * them restores the active one and the retired ones, a second import adds nothing, and a wrong identity is a 400.
     */
    @Test
    void theIdentitiesExportToTheOperatorsKeyAndImportIntoRecordsThatLackThem(@TempDir Path work) throws Exception {
        service.expect(200, "POST", "/api/v1/organizations/" + ORG + "/encryption/rotate", null); // one retired at least
        JsonNode keys = service.expect(200, "GET", "/api/v1/organizations/" + ORG + "/encryption", null);
        Path escrow = work.resolve("escrow-key.txt");
        Tools.ok("age-keygen", "-o", escrow.toString());
        String escrowRecipient = Tools.ok("age-keygen", "-y", escrow.toString()).strip();

        service.expect(400, "POST", "/api/v1/organizations/" + ORG + "/encryption/export", "{\"recipient\":\"age1nope\"}");
        JsonNode export = service.expect(200, "POST", "/api/v1/organizations/" + ORG + "/encryption/export",
                "{\"recipient\":\"" + escrowRecipient + "\"}");
        String armored = export.get("identities").asText();
        assertThat(armored).startsWith("-----BEGIN AGE ENCRYPTED FILE-----").doesNotContain("AGE-SECRET-KEY");
        Path exported = Files.writeString(work.resolve("identities.age"), armored);
        Path plain = work.resolve("identities.txt");
        Tools.ok("age", "-d", "-i", escrow.toString(), "-o", plain.toString(), exported.toString());
        // an identity file age itself reads: its recipients are the organization's, the active one among them
        String recipients = Tools.ok("age-keygen", "-y", plain.toString());
        assertThat(recipients.lines()).contains(keys.get("recipient").asText());
        keys.get("retired_recipients").forEach(retired -> assertThat(recipients.lines()).contains(retired.asText()));
        assertThat(recipients.lines().count()).isEqualTo(export.get("keys").asLong()).isEqualTo(1 + keys.get("retired_recipients").size());

        String escrowIdentity = Files.readAllLines(escrow).stream().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
        String elsewhere = ORG + "-recovered-" + Long.toString(System.nanoTime(), 36); // records that lack them
        String body = new ObjectMapper().createObjectNode().put("identities", armored).put("identity", escrowIdentity).toString();
        JsonNode imported = service.expect(200, "POST", "/api/v1/organizations/" + elsewhere + "/encryption/import", body);
        assertThat(imported.get("imported").asInt()).isEqualTo(export.get("keys").asInt());
        JsonNode recovered = service.expect(200, "GET", "/api/v1/organizations/" + elsewhere + "/encryption", null);
        assertThat(recovered.get("recipient").asText()).isEqualTo(keys.get("recipient").asText());
        assertThat(recovered.get("retired_recipients")).hasSameSizeAs(keys.get("retired_recipients"));
        JsonNode again = service.expect(200, "POST", "/api/v1/organizations/" + elsewhere + "/encryption/import", body);
        assertThat(again.get("imported").asInt()).isZero();
        assertThat(again.get("present").asInt()).isEqualTo(export.get("keys").asInt());

        String wrongIdentity = Tools.ok("age-keygen").lines().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
        JsonNode refused = service.expect(400, "POST", "/api/v1/organizations/" + elsewhere + "/encryption/import",
                new ObjectMapper().createObjectNode().put("identities", armored).put("identity", wrongIdentity).toString());
        assertThat(refused.get("detail").asText()).contains("cannot be decrypted with this identity").doesNotContain("AGE-SECRET-KEY");
    }

    @Test
    void anEncryptedBackupRestoresAndRotatingTheKeyKeepsOldBackupsReadable(@TempDir Path work) throws Exception {
        String first = service.expect(200, "GET", "/api/v1/organizations/" + ORG + "/encryption", null).get("recipient").asText();
        assertThat(first).matches("age1[02-9ac-hj-np-z]{58}");
        JsonNode old = service.backup(ENV, "{}");
        assertThat(old.get("status").asText()).as(old.toString()).isEqualTo("completed");
        assertThat(old.get("backup_key").asText()).endsWith(".zip.age");
        assertThat(restore(old.get("id").asText()).get("status").asText()).isEqualTo("completed");

        // the raw download is the stored ciphertext, as an age user fetches it
        HttpResponse<byte[]> raw = download(old.get("id").asText(), "?raw=true");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + old.get("id").asText() + ".zip.age\"");
        assertThat(raw.body()).isEqualTo(Files.readAllBytes(service.localStorage(ORG).resolve(old.get("backup_key").asText())));
        assertThat(raw.headers().firstValue("Content-Length")).hasValue(old.get("compressed_size").asText());

        JsonNode rotated = service.expect(200, "POST", "/api/v1/organizations/" + ORG + "/encryption/rotate", null);
        assertThat(rotated.get("recipient").asText()).isNotEqualTo(first);
        assertThat(rotated.get("retired_recipients").toString()).contains(first);
        JsonNode fresh = service.backup(ENV, "{}");
        assertThat(fresh.get("status").asText()).isEqualTo("completed");
        // the old backup still opens with the retired identity: a restore check proves it restorable
        JsonNode check = service.expect(202, "POST", "/api/v1/backups/" + old.get("id").asText() + "/verify-restore", null);
        service.awaitTask(check.get("task_id").asText(), java.time.Duration.ofMinutes(3));
        JsonNode checked = service.expect(200, "GET", "/api/v1/backups/" + old.get("id").asText(), null);
        assertThat(checked.get("restore_check").get("ok").asBoolean()).as(checked.toString()).isTrue();
        assertThat(restore(fresh.get("id").asText()).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aChangedByteInTheCiphertextFailsRestoreAndDownloadLoudly() throws Exception {
        JsonNode backup = service.backup(ENV, "{}");
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        Path stored = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(stored, bytes, StandardOpenOption.TRUNCATE_EXISTING);

        JsonNode restore = restore(backup.get("id").asText());
        assertThat(restore.get("status").asText()).isEqualTo("failed");
        assertThat(restore.get("error_message").asText()).contains("damaged in storage").contains("Nothing was changed");
        HttpResponse<byte[]> download;
        try {
            download = download(backup.get("id").asText(), "");
            assertThat(download.body().length).as("a damaged download never arrives whole")
                    .isLessThan(backup.get("archive_size").asInt());
        } catch (java.io.IOException broken) {
            // the stream ended with an error: what a client of a damaged backup must see
        }
    }
}
