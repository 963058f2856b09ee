package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage seam as a hostile tenant meets it through the API, with an organization's token that may manage
 * storage (docs/api.md §3, §7): nothing it sends steers a connection, reaches this machine, leaves its folder or
 * sends a stored secret elsewhere; deletes that fail say so; leftovers are cleaned.
 */
class StorageSeamIT {

    private static final String ORG = "org-seam";
    private static final String ENV = "it-seam";
    private static final String HOSTILE_PASSWORD = "p{{env:HOME}})&x=RAW(%41#bean:ü";
    private static final Path FTP_HOME = Path.of("/srv/odoo-backup-ftp");
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static TestService service;
    private static ApiClient tenant;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--org", ORG, "--files", "10", "--rows", "100");
        tenant = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"tenant\",\"organization_id\":\""
                + ORG + "\",\"permissions\":[" + Set.of("org.storage.manage", "project.backups.create", "project.backups.view",
                "project.backups.delete", "project.backups.policy").stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","))
                + "]}").get("token").asText());
        tenant.environment(ENV, ORG, "odoo_it_seam");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Tools.run(List.of("chattr", "-R", "-i", FTP_HOME.resolve("data/seam-" + RUN).toString()));
        Tools.run(List.of("rm", "-rf", FTP_HOME.resolve("data/seam-" + RUN).toString(), FTP_HOME.resolve("hostile/seam-" + RUN).toString()));
    }

    private static String config(String fields) throws Exception {
        return tenant.expect(201, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + ORG + "\",\"name\":\"c\"," + fields + "}").get("id").asText();
    }

    private static String ftp(String provider, int port, String user, String password, String base, String extra) {
        return "\"provider\":\"%s\",\"ftp_host\":\"127.0.0.1\",\"ftp_port\":%d,\"ftp_username\":\"%s\",\"ftp_password\":\"%s\",\"ftp_base_path\":\"%s\"%s"
                .formatted(provider, port, user, password, base, extra);
    }

    @Test
    void passwordsFullOfPlaceholdersAndUriSyntaxReachTheServerAsTheyAre() throws Exception {
        Map<String, String> kinds = Map.of(
                "ftp", ftp("ftp", Tools.FTP_PORT, "obhostile", HOSTILE_PASSWORD, "/hostile/seam-" + RUN + "/ftp", ""),
                "ftps", ftp("ftp", Tools.FTP_PORT, "obhostile", HOSTILE_PASSWORD, "/hostile/seam-" + RUN + "/ftps", ",\"ftp_use_ssl\":true"),
                "sftp", ftp("sftp", Tools.SFTP_PORT, "obhostile", HOSTILE_PASSWORD, "/hostile/seam-" + RUN + "/sftp", ""));
        for (var kind : kinds.entrySet()) {
            String id = config(kind.getValue());
            JsonNode probe = tenant.expect(200, "POST", "/api/v1/backups/storage-configs/" + id + "/test", null);
            assertThat(probe.get("success").asBoolean()).as(kind.getKey() + ": " + probe).isTrue();
            JsonNode backup = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
            assertThat(backup.get("status").asText()).as(kind.getKey() + ": " + backup.get("error_message")).isEqualTo("completed");
            Path stored = FTP_HOME.resolve("hostile/seam-" + RUN).resolve(kind.getKey()).resolve(backup.get("backup_key").asText());
            assertThat("sha256:" + Tools.sha256(stored)).isEqualTo(backup.get("archive_checksum").asText());
            tenant.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
            assertThat(stored).doesNotExist();
        }
    }

    @Test
    void fieldsThatCouldMoveTheEndpointOrEndACommandAreRefused() throws Exception {
        String s3 = "\"provider\":\"minio\",\"bucket\":\"b-1\",\"access_key\":\"a\",\"secret_key\":\"s\",";
        Map<String, String> refused = Map.of(
                s3 + "\"endpoint_url\":\"http://evil.test/x#\"", "endpoint_url",
                s3 + "\"endpoint_url\":\"http://user@evil.test\"", "endpoint_url",
                "\"provider\":\"r2\",\"bucket\":\"b-1\",\"access_key\":\"a\",\"secret_key\":\"s\",\"account_id\":\"evil.test/x#\"", "account_id",
                "\"provider\":\"b2\",\"bucket\":\"b-1\",\"application_key_id\":\"a\",\"application_key\":\"s\",\"region\":\"x.evil.test/#\"", "region",
                ftp("ftp", 21, "u", "p", "/", "").replace("127.0.0.1", "evil.test/x#"), "ftp_host",
                ftp("ftp", 21, "u", "p\\r\\nDELE /data/x", "/", ""), "ftp_password",
                ftp("ftp", 21, "u\\r\\nDELE x", "p", "/", ""), "ftp_username",
                ftp("sftp", 22, "u", "p", "/a/../../etc", ""), "ftp_base_path",
                ftp("ftp", 21, "u", "p", "/", ",\"base_path\":\"/etc\""), "base_path",
                "\"provider\":\"local\",\"path_prefix\":\"../../etc\"", "path_prefix");
        long before = tenant.expect(200, "GET", "/api/v1/backups/storage-configs?limit=500", null).get("total").asLong();
        for (var entry : refused.entrySet()) {
            JsonNode problem = tenant.expect(400, "POST", "/api/v1/backups/storage-configs",
                    "{\"organization_id\":\"" + ORG + "\",\"name\":\"x\"," + entry.getKey() + "}");
            assertThat(problem.get("detail").asText()).as(entry.getKey()).contains("'" + entry.getValue() + "'");
        }
        assertThat(tenant.expect(200, "GET", "/api/v1/backups/storage-configs?limit=500", null).get("total").asLong()).isEqualTo(before);
    }

    @Test
    void endpointsOnThisMachineOrItsMetadataServiceAreRefusedAtSaveAndAtEveryConnection() throws Exception {
        String s3 = "\"provider\":\"minio\",\"bucket\":\"b-1\",\"access_key\":\"a\",\"secret_key\":\"s\",";
        Map<String, String> internal = Map.of(
                s3 + "\"endpoint_url\":\"http://169.254.169.254\"", "169.254.169.254, a link-local address",
                s3 + "\"endpoint_url\":\"http://127.0.0.2:18480\"", "127.0.0.2, a loopback address",
                ftp("ftp", 21, "u", "p", "/", "").replace("127.0.0.1", "0.0.0.0"), "0.0.0.0, an unspecified address",
                ftp("sftp", 22, "u", "p", "/", "").replace("127.0.0.1", "224.0.0.1"), "224.0.0.1, a multicast");
        for (var entry : internal.entrySet()) {
            JsonNode problem = tenant.expect(400, "POST", "/api/v1/backups/storage-configs",
                    "{\"organization_id\":\"" + ORG + "\",\"name\":\"x\"," + entry.getKey() + "}");
            assertThat(problem.get("detail").asText()).contains("resolves to " + entry.getValue()).contains("BACKUP_STORAGE_ALLOWED_NETWORKS");
        }
        // a name that resolves elsewhere once saved is checked again when it is used
        String name = "rebind-" + RUN + ".odoo-backup.test";
        String id = config(ftp("ftp", Tools.FTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data", "").replace("127.0.0.1", name));
        Path hosts = Path.of("/etc/hosts");
        String original = Files.readString(hosts);
        try {
            Files.writeString(hosts, "127.0.0.3 " + name + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            JsonNode probe = tenant.expect(200, "POST", "/api/v1/backups/storage-configs/" + id + "/test", null);
            assertThat(probe.get("success").asBoolean()).isFalse();
            assertThat(probe.get("message").asText()).contains(name + " resolves to 127.0.0.3, a loopback address");
            JsonNode backup = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
            assertThat(backup.get("error_message").asText()).contains("resolves to 127.0.0.3");
        } finally {
            Files.writeString(hosts, original);
        }
    }

    @Test
    void localStorageStaysInTheOrganizationsFolder(@TempDir Path elsewhere) throws Exception {
        tenant.expect(403, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + ORG + "\",\"name\":\"x\",\"provider\":\"local\",\"base_path\":\"/tmp\"}");
        JsonNode outside = service.expect(400, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + ORG + "\",\"name\":\"x\",\"provider\":\"local\",\"base_path\":\"/etc\"}");
        assertThat(outside.get("detail").asText()).contains("not below the local storage root");
        Path root = service.localStorage(ORG).getParent();
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("seam-link-" + RUN), elsewhere);
        try {
            JsonNode linked = service.expect(400, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG
                    + "\",\"name\":\"x\",\"provider\":\"local\",\"base_path\":\"" + root.resolve("seam-link-" + RUN + "/x") + "\"}");
            assertThat(linked.get("detail").asText()).contains("symbolic link");
        } finally {
            Files.delete(root.resolve("seam-link-" + RUN));
        }
        String id = config("\"provider\":\"local\",\"path_prefix\":\"seam-" + RUN + "\"");
        JsonNode backup = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
        Path stored = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
        assertThat("sha256:" + Tools.sha256(stored)).isEqualTo(backup.get("archive_checksum").asText());
        // the admin may choose a folder below the root, but not re-point one that holds backups
        JsonNode moved = service.expect(409, "PATCH", "/api/v1/backups/storage-configs/" + id,
                "{\"base_path\":\"" + root.resolve("elsewhere") + "\"}");
        assertThat(moved.get("detail").asText()).contains("base_path").contains("1 stored backups");
        tenant.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
        assertThat(stored).doesNotExist();
    }

    @Test
    void aDestinationIsFixedWhileBackupsUseItAndChangesOnlyWithItsSecretGivenAgain() throws Exception {
        String id = config(ftp("ftp", Tools.FTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data/seam-" + RUN + "/fixed", ""));
        JsonNode backup = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        String path = "/api/v1/backups/storage-configs/" + id;
        tenant.expect(409, "PATCH", path, "{\"ftp_host\":\"localhost\",\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"}");
        tenant.expect(409, "PATCH", path, "{\"ftp_base_path\":\"/data/other\",\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"}");
        assertThat(tenant.expect(200, "PATCH", path, "{\"name\":\"Renamed\",\"ftp_password\":\"****\"}").get("name").asText()).isEqualTo("Renamed");
        tenant.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
        // no stored backup now: the destination may move, but never with the stored secret
        JsonNode keep = tenant.expect(400, "PATCH", path, "{\"ftp_port\":2121}");
        assertThat(keep.get("detail").asText()).contains("ftp_port").contains("ftp_password again");
        tenant.expect(400, "PATCH", path, "{\"ftp_port\":2121,\"ftp_password\":\"****\"}");
        assertThat(tenant.expect(200, "PATCH", path, "{\"ftp_base_path\":\"/data/seam-" + RUN + "/moved\",\"ftp_password\":\""
                + Tools.FTP_PASSWORD + "\"}").get("ftp_base_path").asText()).endsWith("/moved");
    }

    @Test
    void aDeleteTheStorageRefusesKeepsTheBackupAndTheSweepTriesAgain() throws Exception {
        String id = config(ftp("ftp", Tools.FTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data/seam-" + RUN + "/refuse", ""));
        JsonNode old = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
        JsonNode newer = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
        Path stored = FTP_HOME.resolve("data/seam-" + RUN + "/refuse").resolve(old.get("backup_key").asText());
        Tools.ok("chattr", "+i", stored.toString()); // the server answers 550 to DELE, as for a missing file
        try {
            JsonNode refused = tenant.expect(502, "DELETE", "/api/v1/backups/" + old.get("id").asText(), null);
            assertThat(refused.get("detail").asText()).contains("could not delete").contains("550");
            assertThat(tenant.expect(200, "GET", "/api/v1/backups/" + old.get("id").asText(), null).get("status").asText()).isEqualTo("completed");
            tenant.expect(200, "PATCH", "/api/v1/backups/" + old.get("id").asText(), "{\"expires_at\":\"2020-01-01T00:00:00Z\"}");
            JsonNode sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null);
            assertThat(sweep.get("failed").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(tenant.expect(200, "GET", "/api/v1/backups/" + old.get("id").asText(), null).get("status").asText()).isEqualTo("completed");
            assertThat(stored).exists();
        } finally {
            Tools.ok("chattr", "-i", stored.toString());
        }
        service.expect(200, "POST", "/api/v1/retention/sweep", null);
        assertThat(tenant.expect(200, "GET", "/api/v1/backups/" + old.get("id").asText(), null).get("status").asText()).isEqualTo("expired");
        assertThat(stored).doesNotExist();
        tenant.expect(204, "DELETE", "/api/v1/backups/" + newer.get("id").asText(), null);
    }

    @Test
    void aChangedSftpHostKeyIsRefusedAndTheTestSaysSo() throws Exception {
        String id = config(ftp("sftp", Tools.SFTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data/seam-" + RUN,
                ",\"sftp_host_key_fingerprint\":\"SHA256:" + "B".repeat(43) + "\""));
        JsonNode probe = tenant.expect(200, "POST", "/api/v1/backups/storage-configs/" + id + "/test", null);
        assertThat(probe.get("success").asBoolean()).isFalse();
        assertThat(probe.get("message").asText()).contains("host key changed").contains("no credential was sent");
    }

    /** An instance starting with leftovers older than a day removes them, and leaves younger ones alone. */
    @Test
    void leftoversOfInterruptedUploadsAreCleanedAtStart(@TempDir Path data, @TempDir Path tmp) throws Exception {
        config(ftp("ftp", Tools.FTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data/seam-" + RUN + "/left", ""));
        String local = config("\"provider\":\"local\",\"path_prefix\":\"seam-left-" + RUN + "\"");
        Path ftpFolder = FTP_HOME.resolve("data/seam-" + RUN + "/left/backups/" + ORG + "/" + ENV);
        Path localFolder = service.localStorage(ORG).resolve("seam-left-" + RUN + "/backups/" + ORG + "/" + ENV);
        Files.createDirectories(ftpFolder);
        Files.createDirectories(localFolder);
        List<Path> old = List.of(ftpFolder.resolve(".partial-old.zip"), localFolder.resolve(".partial-old.zip"));
        List<Path> young = List.of(ftpFolder.resolve(".partial-young.zip"), localFolder.resolve(".partial-young.zip"));
        for (Path file : old) {
            Files.writeString(file, "half");
            Tools.ok("touch", "-d", "2 days ago", file.toString());
        }
        for (Path file : young) {
            Files.writeString(file, "half, still being written elsewhere");
        }
        Tools.ok("chown", "-R", Tools.FTP_USER, FTP_HOME.resolve("data/seam-" + RUN).toString());
        Map<String, String> settings = service.instanceSettings(data, tmp);
        settings.put("BACKUP_LEFTOVERS_DELAY_MS", "0");
        try (ServiceProcess process = ServiceProcess.start(settings)) {
            Await.until("old leftovers are removed", Duration.ofSeconds(60), () -> old.stream().anyMatch(Files::exists), left -> !left);
            assertThat(young).allMatch(Files::exists);
            assertThat(process.log()).contains("removed 1 leftovers of interrupted uploads");
            process.stop();
        }
        assertThat(local).isNotEmpty();
    }
}
