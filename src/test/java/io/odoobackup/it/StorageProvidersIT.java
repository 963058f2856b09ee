package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every provider against a real server started by scripts/infra.sh: S3Proxy for the S3 family (R2 and
 * B2 pointed at it through endpoint_url, so their field mapping is exercised), vsftpd for FTP and
 * explicit FTPS, sshd for SFTP, and a folder. Objects are checked with the aws CLI and curl.
 */
class StorageProvidersIT {

    private static final String ORG = "org-providers";
    private static final String ENV = "it-providers";
    private static final String BUCKET = "it-providers-" + Long.toString(System.nanoTime(), 36);
    private static final String FTP_BASE = "data/it-" + Long.toString(System.nanoTime(), 36);
    private static TestService service;
    private static Path localFolder;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        localFolder = service.localStorage(ORG);
        Tools.createEnvironment(ENV, "--files", "60");
        Tools.aws("s3", "mb", "s3://" + BUCKET);
        service.expect(201, "POST", "/api/v1/environments", """
                {"id":"%s","organization_id":"%s","name":"Providers","db_name":"odoo_it_providers"}""".formatted(ENV, ORG));
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Tools.aws("s3", "rb", "--force", "s3://" + BUCKET);
    }

    /** The provider fields of one test configuration, pointed at this machine's servers. */
    private static String fields(String kind) {
        String s3 = "\"bucket\":\"%s\",\"endpoint_url\":\"%s\"".formatted(BUCKET, Tools.S3_ENDPOINT);
        String keys = "\"access_key\":\"%s\",\"secret_key\":\"%s\"".formatted(Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY);
        String ftp = "\"ftp_host\":\"127.0.0.1\",\"ftp_username\":\"%s\",\"ftp_password\":\"%s\",\"ftp_base_path\":\"/%s/%s\""
                .formatted(Tools.FTP_USER, Tools.FTP_PASSWORD, FTP_BASE, kind);
        return switch (kind) {
            case "s3" -> "\"provider\":\"s3\",\"region\":\"us-east-1\",\"storage_class\":\"STANDARD\",\"path_prefix\":\"s3\"," + s3 + "," + keys;
            case "minio" -> "\"provider\":\"minio\",\"path_prefix\":\"minio\"," + s3 + "," + keys;
            case "r2" -> "\"provider\":\"r2\",\"account_id\":\"0123456789abcdef0123456789abcdef\",\"path_prefix\":\"r2\"," + s3 + "," + keys;
            case "b2" -> "\"provider\":\"b2\",\"region\":\"us-west-002\",\"path_prefix\":\"b2\",\"application_key_id\":\"%s\",\"application_key\":\"%s\",%s"
                    .formatted(Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY, s3);
            case "ftp" -> "\"provider\":\"ftp\",\"ftp_port\":%d,\"ftp_passive_mode\":true,%s".formatted(Tools.FTP_PORT, ftp);
            case "ftps" -> "\"provider\":\"ftp\",\"ftp_port\":%d,\"ftp_use_ssl\":true,\"ftp_passive_mode\":true,%s".formatted(Tools.FTP_PORT, ftp);
            case "sftp" -> "\"provider\":\"sftp\",\"ftp_port\":%d,%s".formatted(Tools.SFTP_PORT, ftp);
            case "local" -> "\"provider\":\"local\",\"path_prefix\":\"local\"";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String createConfig(String name, String fields) throws Exception {
        return service.expect(201, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + ORG + "\",\"name\":\"" + name + "\"," + fields + "}").get("id").asText();
    }

    /** The stored object fetched with a client of the provider's own protocol; null when it is absent. */
    private static Path fetch(String kind, String key, Path into) throws Exception {
        Path file = into.resolve("fetched-" + kind + ".zip");
        String ftpUrl = "://%s:%s@127.0.0.1:%d/%s/%s/%s".formatted(Tools.FTP_USER, Tools.FTP_PASSWORD,
                kind.equals("sftp") ? Tools.SFTP_PORT : Tools.FTP_PORT, FTP_BASE, kind, key);
        switch (kind) {
            case "s3", "minio", "r2", "b2" -> {
                try {
                    Tools.aws("s3", "cp", "s3://" + BUCKET + "/" + key, file.toString());
                } catch (AssertionError absent) {
                    return null;
                }
            }
            case "ftp" -> Tools.run(List.of("curl", "-sf", "ftp" + ftpUrl, "-o", file.toString()));
            case "ftps" -> Tools.run(List.of("curl", "-sfk", "--ssl-reqd", "ftp" + ftpUrl, "-o", file.toString()));
            case "sftp" -> Tools.run(List.of("curl", "-sfk", "sftp" + ftpUrl, "-o", file.toString()));
            case "local" -> {
                if (Files.exists(localFolder.resolve(key))) {
                    Files.copy(localFolder.resolve(key), file);
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return Files.exists(file) ? file : null;
    }

    /** Every object or file name in the storage of the kind, as its own server lists it. */
    private static List<String> storedNames(String kind) throws Exception {
        return switch (kind) {
            case "s3", "minio", "r2", "b2" -> Tools.aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", kind + "/")
                    .lines().toList();
            case "ftp", "ftps", "sftp" -> Tools.ok("find", "/srv/odoo-backup-ftp/" + FTP_BASE + "/" + kind, "-mindepth", "1").lines().toList();
            case "local" -> Tools.ok("find", localFolder.resolve("local").toString(), "-mindepth", "1").lines().toList();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** An encrypted backup on each provider: the stored object is age ciphertext that the customer's own key opens with age. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3", "minio", "r2", "b2", "ftp", "ftps", "sftp", "local"})
    void anEncryptedBackupOnEveryProviderOpensWithTheCustomersOwnKey(String kind, @TempDir Path work) throws Exception {
        Path customerKey = work.resolve("customer.key");
        Tools.ok("age-keygen", "-o", customerKey.toString());
        String customer = Files.readAllLines(customerKey).stream().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length());
        String configId = createConfig("Encrypted " + kind, fields(kind) + ",\"encryption\":\"age\",\"age_recipients\":[\"" + customer + "\"]");
        JsonNode backup = service.backup(ENV, "{\"storage_config_id\":\"" + configId + "\"}");
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("completed");
        assertThat(backup.get("encryption").asText()).isEqualTo("age");
        String key = backup.get("backup_key").asText();
        assertThat(key).endsWith("/" + backup.get("id").asText() + ".zip.age");

        Path stored = fetch(kind, key, work);
        assertThat(stored).as("object at %s", key).isNotNull();
        assertThat(Files.size(stored)).isEqualTo(backup.get("compressed_size").asLong());
        assertThat("sha256:" + Tools.sha256(stored)).isEqualTo(backup.get("stored_checksum").asText())
                .isNotEqualTo(backup.get("archive_checksum").asText());
        assertThat(Tools.run(List.of("unzip", "-tq", stored.toString())).exitCode()).as("ciphertext is no ZIP").isNotZero();
        Path opened = work.resolve("opened.zip");
        Tools.ok("age", "-d", "-i", customerKey.toString(), "-o", opened.toString(), stored.toString());
        assertThat("sha256:" + Tools.sha256(opened)).isEqualTo(backup.get("archive_checksum").asText());
        assertThat(Files.size(opened)).isEqualTo(backup.get("archive_size").asLong());
        assertThat(Tools.run(List.of("unzip", "-tq", opened.toString())).exitCode()).isZero();

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/v1/backups/" + backup.get("id").asText() + "/download"))
                .header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).as("the download is the decrypted ZIP").isEqualTo(Files.readAllBytes(opened));

        service.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
        assertThat(fetch(kind, key, Files.createDirectory(work.resolve("after-delete")))).as("object after delete").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3", "minio", "r2", "b2", "ftp", "ftps", "sftp", "local"})
    void backupTestDownloadAndDeleteOnEveryProvider(String kind, @TempDir Path work) throws Exception {
        String configId = createConfig("Provider " + kind, fields(kind));
        JsonNode probe = service.expect(200, "POST", "/api/v1/backups/storage-configs/" + configId + "/test", null);
        assertThat(probe.get("success").asBoolean()).as(probe.toString()).isTrue();
        assertThat(probe.get("latency_ms").asLong()).isNotNegative();
        assertThat(storedNames(kind)).as("what the probe left in the storage").noneMatch(name -> name.contains(".odoo-backup-probe-")
                || name.contains(".partial-"));

        JsonNode backup = service.backup(ENV, "{\"storage_config_id\":\"" + configId + "\"}");
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("completed");
        assertThat(backup.get("is_verified").asBoolean()).isTrue();
        String key = backup.get("backup_key").asText();
        String archive = backup.get("archive_checksum").asText();

        Path stored = fetch(kind, key, work);
        assertThat(stored).as("object at %s", key).isNotNull();
        assertThat(Files.size(stored)).isEqualTo(backup.get("compressed_size").asLong());
        assertThat("sha256:" + Tools.sha256(stored)).isEqualTo(archive);
        assertThat(Tools.run(List.of("unzip", "-tq", stored.toString())).exitCode()).isZero();

        Path downloaded = work.resolve("downloaded.zip");
        HttpResponse<InputStream> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/v1/backups/" + backup.get("id").asText() + "/download"))
                .header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        try (InputStream in = download.body()) {
            Files.copy(in, downloaded);
        }
        assertThat("sha256:" + Tools.sha256(downloaded)).isEqualTo(archive);

        service.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
        assertThat(fetch(kind, key, Files.createDirectory(work.resolve("after-delete")))).as("object after delete").isNull();
        assertThat(service.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("status").asText())
                .isEqualTo("deleted");
        service.expect(409, "GET", "/api/v1/backups/" + backup.get("id").asText() + "/download", null);
        try (Stream<Path> temp = Files.list(service.tmpDir())) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void testConnectionSaysWhatIsWrongWithoutTheSecret() throws Exception {
        Map<String, String> failures = Map.of(
                "\"provider\":\"minio\",\"bucket\":\"%s\",\"endpoint_url\":\"%s\",\"access_key\":\"%s\",\"secret_key\":\"wrong-secret-s3\""
                        .formatted(BUCKET, Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY), "access denied",
                "\"provider\":\"minio\",\"bucket\":\"no-such-bucket-x\",\"endpoint_url\":\"%s\",\"access_key\":\"%s\",\"secret_key\":\"%s\""
                        .formatted(Tools.S3_ENDPOINT, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY), "bucket does not exist",
                "\"provider\":\"minio\",\"bucket\":\"b-1\",\"endpoint_url\":\"http://127.0.0.1:9\",\"access_key\":\"a\",\"secret_key\":\"unreachable-secret\"",
                "cannot connect",
                "\"provider\":\"ftp\",\"ftp_host\":\"127.0.0.1\",\"ftp_port\":%d,\"ftp_username\":\"%s\",\"ftp_password\":\"wrong-secret-ftp\""
                        .formatted(Tools.FTP_PORT, Tools.FTP_USER), "login failed",
                "\"provider\":\"sftp\",\"ftp_host\":\"127.0.0.1\",\"ftp_port\":%d,\"ftp_username\":\"%s\",\"ftp_password\":\"wrong-secret-sftp\""
                        .formatted(Tools.SFTP_PORT, Tools.FTP_USER), "login failed",
                "\"provider\":\"ftp\",\"ftp_host\":\"127.0.0.1\",\"ftp_port\":9,\"ftp_username\":\"u\",\"ftp_password\":\"unreachable-ftp\"",
                "cannot connect");
        for (var failure : failures.entrySet()) {
            String configId = createConfig("Broken", failure.getKey());
            JsonNode result = service.expect(200, "POST", "/api/v1/backups/storage-configs/" + configId + "/test", null);
            assertThat(result.get("success").asBoolean()).as(failure.getKey()).isFalse();
            assertThat(result.get("message").asText()).as(failure.getKey()).startsWith("Failed to connect to storage: ")
                    .containsIgnoringCase(failure.getValue()).doesNotContain("wrong-secret").doesNotContain("unreachable-secret");
            service.expect(204, "DELETE", "/api/v1/backups/storage-configs/" + configId, null);
        }
        try (Stream<Path> temp = Files.list(service.tmpDir())) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void wrongCredentialsFailTheBackupWithoutTheSecret() throws Exception {
        String configId = createConfig("Wrong FTP password", """
                "provider":"ftp","ftp_host":"127.0.0.1","ftp_port":%d,"ftp_username":"%s","ftp_password":"wrong-secret-ftp2\""""
                .formatted(Tools.FTP_PORT, Tools.FTP_USER));
        JsonNode backup = service.backup(ENV, "{\"storage_config_id\":\"" + configId + "\"}");
        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error_message").asText()).containsIgnoringCase("login").doesNotContain("wrong-secret-ftp2");
        try (Stream<Path> temp = Files.list(service.tmpDir())) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void configurationsAreManagedAsTheContractSays() throws Exception {
        String org = "org-configs";
        String first = service.expect(201, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + org + "\",\"name\":\"First\",\"provider\":\"local\"}")
                .get("id").asText();
        JsonNode second = service.expect(201, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + org + "\",\"name\":\"Second\"," + fields("sftp") + "}");
        assertThat(service.expect(200, "GET", "/api/v1/backups/storage-configs/" + first, null).get("is_default").asBoolean()).isTrue();
        assertThat(second.get("is_default").asBoolean()).isFalse();
        assertThat(second.get("ftp_password").asText()).isEqualTo("****");

        // PATCH: a new name and the default move; "****" keeps the stored password
        JsonNode patched = service.expect(200, "PATCH", "/api/v1/backups/storage-configs/" + second.get("id").asText(),
                "{\"name\":\"Second, renamed\",\"is_default\":true,\"ftp_password\":\"****\"}");
        assertThat(patched.get("name").asText()).isEqualTo("Second, renamed");
        assertThat(patched.get("is_default").asBoolean()).isTrue();
        assertThat(service.expect(200, "GET", "/api/v1/backups/storage-configs/" + first, null).get("is_default").asBoolean()).isFalse();
        assertThat(service.expect(200, "POST", "/api/v1/backups/storage-configs/" + second.get("id").asText() + "/test", null)
                .get("success").asBoolean()).isTrue();
        // the key the server showed at that first connection is now pinned on the configuration
        String pinned = service.expect(200, "GET", "/api/v1/backups/storage-configs/" + second.get("id").asText(), null)
                .get("sftp_host_key_fingerprint").asText();
        assertThat(Tools.ok("ssh-keygen", "-lf", Path.of(".infra/ssh_host_ed25519_key.pub").toAbsolutePath().toString())).contains(pinned);
        service.expect(400, "PATCH", "/api/v1/backups/storage-configs/" + second.get("id").asText(), "{\"provider\":\"ftp\"}");
        service.expect(400, "PATCH", "/api/v1/backups/storage-configs/" + second.get("id").asText(), "{\"ftp_port\":70000}");

        // secrets are sealed at rest: the table holds no plaintext password
        try (Connection c = service.database(); ResultSet rows = c.createStatement().executeQuery(
                "SELECT settings::text || coalesce(secrets, '') FROM storage_config")) {
            List<String> stored = new ArrayList<>();
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
            assertThat(stored).isNotEmpty().noneMatch(r -> r.contains(Tools.FTP_PASSWORD) || r.contains(Tools.S3_SECRET_KEY));
        }

        // DELETE: refused while a backup on it holds an object; the default passes to the oldest left
        service.expect(201, "POST", "/api/v1/environments",
                "{\"id\":\"it-configs\",\"organization_id\":\"" + org + "\",\"name\":\"Configs\",\"db_name\":\"odoo_it_providers\","
                        + "\"db_container\":\"" + ENV + "_db\",\"odoo_container\":\"" + ENV + "_odoo\"}");
        JsonNode backup = service.backup("it-configs", "{}");
        assertThat(backup.get("storage_config_id").asText()).isEqualTo(second.get("id").asText());
        service.expect(409, "DELETE", "/api/v1/backups/storage-configs/" + second.get("id").asText(), null);
        service.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
        service.expect(204, "DELETE", "/api/v1/backups/storage-configs/" + second.get("id").asText(), null);
        service.expect(404, "GET", "/api/v1/backups/storage-configs/" + second.get("id").asText(), null);
        assertThat(service.expect(200, "GET", "/api/v1/backups/storage-configs/" + first, null).get("is_default").asBoolean()).isTrue();
        // the deleted configuration's backup keeps its record
        assertThat(service.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("status").asText()).isEqualTo("deleted");
    }

    @Test
    void aQuotaUsedUpRefusesTheNextBackup() throws Exception {
        String org = "org-quota";
        service.expect(201, "POST", "/api/v1/environments",
                "{\"id\":\"it-quota\",\"organization_id\":\"" + org + "\",\"name\":\"Quota\",\"db_name\":\"odoo_it_providers\","
                        + "\"db_container\":\"" + ENV + "_db\",\"odoo_container\":\"" + ENV + "_odoo\"}");
        service.folderStorage(org);
        JsonNode quota = service.expect(200, "GET", "/api/v1/organizations/" + org + "/quota", null);
        assertThat(quota.get("quota_bytes").isNull()).isTrue();
        assertThat(quota.get("used_bytes").asLong()).isZero();
        service.expect(200, "PUT", "/api/v1/organizations/" + org + "/quota", "{\"quota_bytes\":1000}");
        JsonNode first = service.backup("it-quota", "{}");
        assertThat(first.get("status").asText()).isEqualTo("completed");
        quota = service.expect(200, "GET", "/api/v1/organizations/" + org + "/quota", null);
        assertThat(quota.get("used_bytes").asLong()).isEqualTo(first.get("compressed_size").asLong());
        assertThat(quota.get("backup_count").asInt()).isEqualTo(1);
        JsonNode refused = service.expect(400, "POST", "/api/v1/backups/environments/it-quota/backups", "{}");
        assertThat(refused.get("title").asText()).isEqualTo("Storage quota exceeded");
        service.expect(400, "PUT", "/api/v1/organizations/" + org + "/quota", "{\"quota_bytes\":-1}");
        service.expect(200, "PUT", "/api/v1/organizations/" + org + "/quota", "{\"quota_bytes\":null}");
        assertThat(service.backup("it-quota", "{}").get("status").asText()).isEqualTo("completed");
    }
}
