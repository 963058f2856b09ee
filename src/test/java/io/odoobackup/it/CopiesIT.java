package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.odoobackup.storage.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies to a second storage: made and verified after the primary, checked there with aws and age, read instead of
 * the primary when its object is gone, damaged or its server down, and removed with the backup.
 */
class CopiesIT {

    private static final String ENV = "it-copies";
    private static final String ORG = "org-copies";
    private static final String BUCKET = "copies-" + Long.toString(System.nanoTime(), 36);
    private static TestService service;
    private static String folderId;
    private static String s3Id;
    private static Path customerKey;

    @BeforeAll
    static void setUp(@TempDir Path keys) throws Exception {
        service = TestService.shared();
        folderId = service.testEnvironment(ENV, ORG, "odoo_it_copies", "--rows", "2000", "--files", "20");
        Tools.aws("s3", "mb", "s3://" + BUCKET);
        customerKey = Files.createTempFile("copies-customer", ".key");
        Files.delete(customerKey);
        Tools.ok("age-keygen", "-o", customerKey.toString());
        String recipient = Files.readAllLines(customerKey).stream().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length());
        s3Id = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"Offsite","provider":"minio","bucket":"%s","endpoint_url":"%s",
                 "access_key":"%s","secret_key":"%s","encryption":"age","age_recipients":["%s"]}"""
                .formatted(ORG, BUCKET, Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY, recipient)).get("id").asText();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Files.deleteIfExists(customerKey);
    }

    private static HttpResponse<byte[]> download(String backupId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/" + backupId
                + "/download")).header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("copies-download", ".zip");
        try {
            Files.write(file, bytes);
            return "sha256:" + Tools.sha256(file);
        } finally {
            Files.delete(file);
        }
    }

    /** A whole download of the backup: answered, from the location named, and the backup's ZIP byte for byte. */
    private static void assertDownloadedFrom(JsonNode backup, String source) throws Exception {
        HttpResponse<byte[]> download = download(backup.get("id").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("X-Backup-Source")).hasValue(source);
        assertThat(sha256(download.body())).isEqualTo(backup.get("archive_checksum").asText());
    }

    private static JsonNode restore(String backupId) throws Exception {
        JsonNode restore = service.expect(202, "POST", "/api/v1/backups/" + backupId + "/restore", "{\"pre_restore_backup\":false}");
        service.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(3));
        return service.expect(200, "GET", "/api/v1/restores/" + restore.get("id").asText(), null);
    }

    private static JsonNode backupWithCopy(String body) throws Exception {
        JsonNode backup = service.backup(ENV, body);
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("completed");
        return backup;
    }

    private static boolean inBucket(String key) throws IOException, InterruptedException {
        return Tools.aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", key).contains("\"" + key + "\"");
    }

    @Test
    void theCopyIsVerifiedThereOpensWithAgeAndServesWhenThePrimaryObjectIsGone(@TempDir Path work) throws Exception {
        JsonNode backup = backupWithCopy("{\"secondary_storage_config_id\":\"" + s3Id + "\"}");
        String id = backup.get("id").asText();
        assertThat(backup.get("secondary_storage_config_id").asText()).isEqualTo(s3Id);
        JsonNode copy = backup.get("copies").get(0);
        assertThat(backup.get("copies")).hasSize(1);
        assertThat(copy.get("storage_config_id").asText()).isEqualTo(s3Id);
        assertThat(copy.get("status").asText()).isEqualTo("verified");
        assertThat(copy.get("verified_at").asText()).isNotBlank();
        assertThat(copy.get("key").asText()).isEqualTo("backups/" + ORG + "/" + ENV + "/" + id + ".zip.age");
        assertThat(backup.get("backup_key").asText()).endsWith(id + ".zip"); // the primary stays as its storage says

        // the copy as aws fetches it: the recorded bytes, which the customer's own key opens into the backup's ZIP
        Path stored = work.resolve("copy.zip.age");
        Tools.aws("s3", "cp", "s3://" + BUCKET + "/" + copy.get("key").asText(), stored.toString());
        assertThat("sha256:" + Tools.sha256(stored)).isEqualTo(copy.get("stored_checksum").asText());
        Path opened = work.resolve("copy.zip");
        Tools.ok("age", "-d", "-i", customerKey.toString(), "-o", opened.toString(), stored.toString());
        assertThat("sha256:" + Tools.sha256(opened)).isEqualTo(backup.get("archive_checksum").asText());
        assertThat(Tools.ok("unzip", "-t", opened.toString())).contains("No errors detected");

        // the primary object removed behind the service's back: download and restore read the copy, and say so
        Files.delete(service.localStorage(ORG).resolve(backup.get("backup_key").asText()));
        assertDownloadedFrom(backup, "copy " + s3Id);
        JsonNode restore = restore(id);
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("completed");
        assertThat(restore.get("fetched_from").get("copy").asBoolean()).isTrue();
        assertThat(restore.get("fetched_from").get("storage_config_id").asText()).isEqualTo(s3Id);

        // the sweep expires it (a newer backup is kept): the copy goes too, and the freed bytes count it
        JsonNode newer = backupWithCopy("{\"secondary_storage_config_id\":\"" + s3Id + "\"}");
        service.expect(200, "PATCH", "/api/v1/backups/" + id, "{\"expires_at\":\"2020-01-01T00:00:00Z\"}");
        JsonNode sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null);
        assertThat(sweep.get("deleted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(service.expect(200, "GET", "/api/v1/backups/" + id, null).get("status").asText()).isEqualTo("expired");
        assertThat(inBucket(copy.get("key").asText())).isFalse();
        assertThat(inBucket(newer.get("copies").get(0).get("key").asText())).isTrue();
    }

    @Test
    void aDamagedPrimaryIsNeverServedWholeAndReadersTurnToTheCopy() throws Exception {
        JsonNode backup = backupWithCopy("{\"secondary_storage_config_id\":\"" + s3Id + "\"}");
        String id = backup.get("id").asText();
        Path primary = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
        byte[] bytes = Files.readAllBytes(primary);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(primary, bytes, StandardOpenOption.TRUNCATE_EXISTING);

        // the first download streams the primary and breaks off before its end: never a complete wrong file
        try {
            HttpResponse<byte[]> broken = download(id);
            assertThat(broken.body().length).isLessThan(backup.get("archive_size").asInt());
        } catch (IOException brokenOff) {
            // the transfer ended with an error: what a client must see
        }
        JsonNode marked = Await.until("the primary is recorded as damaged", Duration.ofSeconds(10),
                () -> service.expect(200, "GET", "/api/v1/backups/" + id, null), b -> b.hasNonNull("damaged_at"));
        assertThat(marked.get("status").asText()).isEqualTo("completed");

        assertDownloadedFrom(backup, "copy " + s3Id);

        JsonNode check = service.expect(202, "POST", "/api/v1/backups/" + id + "/verify-restore", null);
        service.awaitTask(check.get("task_id").asText(), Duration.ofMinutes(3));
        JsonNode checked = service.expect(200, "GET", "/api/v1/backups/" + id, null).get("restore_check");
        assertThat(checked.get("ok").asBoolean()).as(checked.toString()).isTrue();
        assertThat(checked.get("fetched_from").get("copy").asBoolean()).isTrue();
    }

    @Test
    void withThePrimaryServerDownTheCopyServesAndDeletionWaitsForBoth(@TempDir Path s3dir) throws Exception {
        int port = Tools.freePort();
        Path properties = Tools.s3ProxyProperties(s3dir, port, "copies-key", "copies-secret", "primary");
        Process proxy = Tools.startS3Proxy(properties, port);
        try {
            String own = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                    {"organization_id":"%s","name":"Soon down","provider":"minio","bucket":"primary",
                     "endpoint_url":"http://127.0.0.1:%d","access_key":"copies-key","secret_key":"copies-secret"}"""
                    .formatted(ORG, port)).get("id").asText();
            JsonNode backup = backupWithCopy("{\"storage_config_id\":\"" + own + "\",\"secondary_storage_config_id\":\"" + folderId + "\"}");
            String id = backup.get("id").asText();
            Path copy = service.localStorage(ORG).resolve(backup.get("copies").get(0).get("key").asText());
            assertThat(copy).exists();
            assertThat("sha256:" + Tools.sha256(copy)).isEqualTo(backup.get("copies").get(0).get("stored_checksum").asText());
            proxy.destroyForcibly().waitFor();

            assertDownloadedFrom(backup, "copy " + folderId);
            JsonNode restore = restore(id);
            assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("completed");
            assertThat(restore.get("fetched_from").get("storage_config_id").asText()).isEqualTo(folderId);

            // the primary cannot be deleted while its server is down: the backup and its copy stay, for a later try
            var refused = service.call("DELETE", "/api/v1/backups/" + id, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
            assertThat(refused.body()).contains("Soon down").doesNotContain("copies-secret");
            assertThat(service.expect(200, "GET", "/api/v1/backups/" + id, null).get("status").asText()).isEqualTo("completed");

            proxy = Tools.startS3Proxy(properties, port);
            service.expect(204, "DELETE", "/api/v1/backups/" + id, null);
            assertThat(copy).doesNotExist();
            assertThat(Tools.awsAt("http://127.0.0.1:" + port, "copies-key", "copies-secret", "s3api", "head-object",
                    "--bucket", "primary", "--key", backup.get("backup_key").asText()).output()).contains("404");
        } finally {
            proxy.destroyForcibly().waitFor();
        }
    }

    @Test
    void thePolicyNamesTheSecondStorageAndTheRequestWins() throws Exception {
        var same = service.call("PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":false,\"storage_config_id\":\""
                + s3Id + "\",\"secondary_storage_config_id\":\"" + s3Id + "\"}");
        assertThat(same.statusCode()).isEqualTo(400);
        JsonNode policy = service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy",
                "{\"enabled\":false,\"secondary_storage_config_id\":\"" + s3Id + "\"}");
        assertThat(policy.get("secondary_storage_config_id").asText()).isEqualTo(s3Id);
        try {
            JsonNode byPolicy = backupWithCopy("{}");
            assertThat(byPolicy.get("copies").get(0).get("storage_config_id").asText()).isEqualTo(s3Id);
            JsonNode without = backupWithCopy("{\"secondary_storage_config_id\":null}");
            assertThat(without.get("copies")).isEmpty();
            // a backup sent to the policy's second storage itself is not copied onto itself
            JsonNode there = backupWithCopy("{\"storage_config_id\":\"" + s3Id + "\"}");
            assertThat(there.get("copies")).isEmpty();

            var onItself = service.call("POST", "/api/v1/backups/environments/" + ENV + "/backups",
                    "{\"secondary_storage_config_id\":\"" + folderId + "\"}");
            assertThat(onItself.statusCode()).as(onItself.body()).isEqualTo(400);
            assertThat(onItself.body()).contains("secondary_storage_config_id");
            String foreign = service.expect(201, "POST", "/api/v1/backups/storage-configs",
                    "{\"organization_id\":\"org-copies-other\",\"name\":\"Theirs\",\"provider\":\"local\"}").get("id").asText();
            var theirs = service.call("POST", "/api/v1/backups/environments/" + ENV + "/backups",
                    "{\"secondary_storage_config_id\":\"" + foreign + "\"}");
            assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(404);
            // the second storage holds objects now: it cannot be deleted, and the quota counts what it holds
            assertThat(service.call("DELETE", "/api/v1/backups/storage-configs/" + s3Id, null).statusCode()).isEqualTo(409);
            JsonNode quota = service.expect(200, "GET", "/api/v1/organizations/" + ORG + "/quota", null);
            long expected = 0;
            for (JsonNode b : service.expect(200, "GET", "/api/v1/backups/environments/" + ENV + "/backups?status=completed&limit=100",
                    null).get("items")) {
                expected += b.get("compressed_size").asLong();
                for (JsonNode c : b.get("copies")) {
                    expected += "verified".equals(c.get("status").asText()) ? c.get("stored_size").asLong() : 0;
                }
            }
            assertThat(quota.get("used_bytes").asLong()).isEqualTo(expected);
        } finally {
            service.expect(200, "PUT", "/api/v1/backups/environments/" + ENV + "/policy", "{\"enabled\":false}");
        }
    }

    @Test
    void aCopyThatCannotBeMadeLeavesTheBackupCompletedAndSaysWhy() throws Exception {
        String unreachable = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"Never up","provider":"minio","bucket":"b-1",
                 "endpoint_url":"http://127.0.0.1:9","access_key":"a","secret_key":"never-up-secret"}""".formatted(ORG))
                .get("id").asText();
        JsonNode backup = backupWithCopy("{\"secondary_storage_config_id\":\"" + unreachable + "\"}");
        JsonNode copy = backup.get("copies").get(0);
        assertThat(copy.get("status").asText()).isEqualTo("failed");
        assertThat(copy.get("verified_at").isNull()).isTrue();
        assertThat(copy.get("message").asText()).isNotBlank().doesNotContain("never-up-secret");
        HttpResponse<byte[]> download = download(backup.get("id").asText());
        assertThat(download.headers().firstValue("X-Backup-Source")).hasValue("primary " + folderId);
        service.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
    }

    @Test
    void anInstanceKilledWhileCopyingLeavesNeitherObjectBehind(@TempDir Path data, @TempDir Path tmp) throws Exception {
        String base = "data/copies-crash-" + Long.toString(System.nanoTime(), 36);
        try (TcpProxy sftp = new TcpProxy(Tools.SFTP_PORT)) {
            String secondary = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                    {"organization_id":"%s","name":"Slow offsite","provider":"sftp","ftp_host":"127.0.0.1","ftp_port":%d,
                     "ftp_username":"%s","ftp_password":"%s","ftp_base_path":"/%s"}"""
                    .formatted(ORG, sftp.port(), Tools.FTP_USER, Tools.FTP_PASSWORD, base)).get("id").asText();
            service.expect(200, "POST", "/api/v1/backups/storage-configs/" + secondary + "/test", null);
            sftp.freezeAfter(0); // the copy connects, then nothing moves: it is under way when the instance dies
            Map<String, String> settings = new java.util.HashMap<>(service.instanceSettings(data, tmp));
            settings.put("BACKUP_LEASE_SECONDS", "3");
            JsonNode created;
            try (ServiceProcess process = ServiceProcess.start(settings); AutoCloseable elsewhere = service.workElsewhere()) {
                ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
                created = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups",
                        "{\"include_filestore\":false,\"secondary_storage_config_id\":\"" + secondary + "\"}");
                Await.until("the copy is under way", Duration.ofMinutes(1), Duration.ofMillis(100),
                        () -> api.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null).get("copies"),
                        copies -> copies.size() == 1 && copies.get(0).get("status").asText().equals("copying"));
                process.kill();
            }
            sftp.restore();
            // this instance's lease reaper fails it as interrupted and removes what it had stored, wherever
            JsonNode backup = Await.until("the interrupted backup fails", Duration.ofSeconds(60),
                    () -> service.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null),
                    b -> b.get("status").asText().equals("failed"));
            assertThat(backup.get("error_message").asText()).contains("interrupted");
            Path primary = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
            Await.until("the primary object is removed", Duration.ofSeconds(30), () -> Files.exists(primary), exists -> !exists);
            assertThat(Path.of("/srv/odoo-backup-ftp").resolve(base).resolve(backup.get("copies").get(0).get("key").asText()))
                    .doesNotExist();
        }
    }
}
