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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental filestore (docs/api.md §15) on real Docker and a storage folder, checked with unzip, tar, sha1sum,
 * sha256sum and psql: each file's content is stored once in the organization's pool, a backup after a small change
 * uploads only what is new, and every backup restores to its exact files and rows, downloads in both shapes, is copied
 * with the files it needs, and a damaged pool file is caught, then uploaded again by the next backup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first backup finds the pool empty
class IncrementalIT {

    private static final String ORG = "org-incremental";
    private static final String SOURCE = "it-incremental";
    private static final String OTHER = "it-incremental-other";
    private static final String DB = "odoo_it_incremental";
    private static final String MANY = "it-incremental-many";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestService service;
    private static ApiClient tenant;
    private static String poolConfig;
    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(SOURCE, "--org", ORG, "--files", "120", "--rows", "2000");
        Tools.createEnvironment(OTHER, "--org", ORG, "--db-name", "odoo_other", "--files", "3", "--rows", "10");
        Tools.ok("docker", "exec", OTHER + "_db", "createuser", "-U", "odoo", "--superuser", "odoo_other");
        tenant = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"incremental\",\"organization_id\":\""
                + ORG + "\",\"permissions\":[\"project.backups.create\",\"project.backups.view\",\"project.backups.restore\","
                + "\"project.backups.policy\",\"project.backups.delete\",\"org.storage.manage\"]}").get("token").asText());
        tenant.environment(SOURCE, ORG, DB);
        tenant.expect(201, "POST", "/api/v1/environments", "{\"id\":\"" + OTHER + "\",\"organization_id\":\"" + ORG
                + "\",\"name\":\"Other\",\"db_name\":\"odoo_other\",\"db_user\":\"odoo_other\"}");
        JsonNode config = tenant.expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG
                + "\",\"name\":\"Pooled\",\"provider\":\"local\",\"filestore_mode\":\"incremental\"}");
        assertThat(config.get("filestore_mode").asText()).isEqualTo("incremental");
        poolConfig = config.get("id").asText();
        root = service.localStorage(ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(SOURCE);
        Tools.removeEnvironment(OTHER);
    }

    private static JsonNode backup() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{\"storage_config_id\":\"" + poolConfig + "\"}");
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("completed");
        return backup;
    }

    /** The stored ZIP's manifest.json, read with unzip. */
    private static JsonNode manifest(JsonNode backup) throws Exception {
        return JSON.readTree(Tools.ok("unzip", "-p", root.resolve(backup.get("backup_key").asText()).toString(), "manifest.json"));
    }

    /** The pool's files as sha1sum sees them: each must hold the content its name says. */
    private static List<Path> pool() throws Exception {
        Path pool = root.resolve("pool").resolve(ORG);
        if (!Files.exists(pool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(pool)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            for (Path file : all) {
                assertThat(Tools.ok("sha1sum", file.toString())).startsWith(file.getFileName().toString() + " ");
            }
            return all;
        }
    }

    private static void restoreInto(String backupId, String environment) throws Exception {
        JsonNode created = tenant.expect(202, "POST", "/api/v1/backups/" + backupId + "/restore",
                "{\"target_environment_id\":\"" + environment + "\",\"pre_restore_backup\":false}");
        JsonNode task = tenant.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(5));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("completed");
    }

    @Test
    @Order(1)
    void aNightWithAFewNewFilesUploadsOnlyThoseAndEveryBackupRestoresExactly(@TempDir Path dir) throws Exception {
        JsonNode first = backup();
        String atFirst = RestoreIT.fingerprint(SOURCE, DB);
        Path zip = root.resolve(first.get("backup_key").asText());
        assertThat(Tools.ok("unzip", "-Z1", zip.toString()).lines().toList())
                .containsExactlyInAnyOrder("filestore.index", "dump.sql", "manifest.json");
        JsonNode filestore = manifest(first).get("filestore");
        assertThat(filestore.get("format").asText()).isEqualTo("index");
        assertThat(filestore.get("files").asLong()).isEqualTo(122); // 120 of Odoo's names and two of others
        // the index names every file with its size and content's SHA-1, as sha1sum in the container sees them
        String index = Tools.ok("unzip", "-p", zip.toString(), "filestore.index");
        String inContainer = Tools.ok("docker", "exec", SOURCE + "_odoo", "sh", "-c", "cd /var/lib/odoo/filestore/" + DB
                + " && find . -type f -printf '%P\\n' | while IFS= read -r f; do echo \"$(sha1sum < \"$f\" | cut -c1-40) $(stat -c %s \"$f\") $f\"; done");
        assertThat(index.lines().sorted().toList()).isEqualTo(inContainer.lines().sorted().toList());
        // every content is distinct here: each one uploaded once
        assertThat(filestore.get("new_files").asLong()).isEqualTo(122);
        long pooled = pool().size();
        assertThat(pooled).isEqualTo(122);

        // a night's change: two new attachments (Odoo's names) and one removed by Odoo's garbage collection
        Tools.ok("docker", "exec", SOURCE + "_odoo", "sh", "-c", "cd /var/lib/odoo/filestore/" + DB
                + " && rm \"$(find . -type f -path './[0-9a-f][0-9a-f]/*' | head -1)\""
                + " && for n in 1 2; do head -c 5000 /dev/urandom > /tmp/new; s=$(sha1sum < /tmp/new | cut -c1-40);"
                + " d=$(echo $s | cut -c1-2); mkdir -p $d; mv /tmp/new $d/$s; done");
        Tools.ok("docker", "exec", SOURCE + "_db", "psql", "-U", "odoo", "-d", DB, "-c",
                "INSERT INTO res_partner (name) VALUES ('after the first backup')");
        JsonNode second = backup();
        String atSecond = RestoreIT.fingerprint(SOURCE, DB);
        JsonNode nightly = manifest(second).get("filestore");
        assertThat(nightly.get("files").asLong()).isEqualTo(123);
        assertThat(nightly.get("new_files").asLong()).isEqualTo(2);
        assertThat(nightly.get("new_bytes").asLong()).isEqualTo(10000);
        assertThat(pool()).hasSize((int) pooled + 2);
        // the quota counts the pool's files beside the backups' objects
        long poolBytes = 0;
        for (Path file : pool()) {
            poolBytes += Files.size(file);
        }
        assertThat(tenant.expect(200, "GET", "/api/v1/organizations/" + ORG + "/quota", null).get("used_bytes").asLong())
                .isEqualTo(first.get("compressed_size").asLong() + second.get("compressed_size").asLong() + poolBytes);

        restoreInto(first.get("id").asText(), OTHER);
        assertThat(RestoreIT.fingerprint(OTHER, "odoo_other")).isEqualTo(atFirst);
        restoreInto(second.get("id").asText(), OTHER);
        assertThat(RestoreIT.fingerprint(OTHER, "odoo_other")).isEqualTo(atSecond);

        downloadsHaveBothShapes(second, dir);
    }

    private static HttpResponse<Path> download(JsonNode backup, String query, Path to) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/"
                + backup.get("id").asText() + "/download" + query)).header("Authorization", "Bearer " + TestService.TOKEN).build(),
                HttpResponse.BodyHandlers.ofFile(to));
    }

    /** The default download is a full backup's ZIP made as it streams; Odoo's format holds the files; raw is the stored ZIP. */
    private static void downloadsHaveBothShapes(JsonNode backup, Path dir) throws Exception {
        Path full = dir.resolve("full.zip");
        assertThat(download(backup, "", full).statusCode()).isEqualTo(200);
        assertThat(Tools.ok("unzip", "-Z1", full.toString()).lines().toList()).containsExactly("filestore.tar.gz", "dump.sql", "manifest.json");
        Path unpacked = Files.createDirectories(dir.resolve("full"));
        Tools.ok("unzip", "-q", full.toString(), "-d", unpacked.toString());
        JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile());
        assertThat(manifest.get("filestore").get("format").asText()).isEqualTo("tar.gz");
        assertThat(manifest.get("filestore").get("checksum").asText()).isEqualTo("sha256:" + Tools.sha256(unpacked.resolve("filestore.tar.gz")));
        assertThat(manifest.get("filestore").get("size").asLong()).isEqualTo(Files.size(unpacked.resolve("filestore.tar.gz")));
        assertThat(manifest.get("database").get("checksum").asText()).isEqualTo("sha256:" + Tools.sha256(unpacked.resolve("dump.sql")));
        Path files = Files.createDirectories(dir.resolve("files"));
        Tools.ok("tar", "-xzf", unpacked.resolve("filestore.tar.gz").toString(), "-C", files.toString());
        String local = Tools.ok(List.of("bash", "-c", "cd " + files + " && find . -type f -exec sha256sum {} + | sort"), Map.of());
        assertThat(RestoreIT.fingerprint(SOURCE, DB)).endsWith(local);
        assertThat(manifest.get("filestore").get("files").asLong()).isEqualTo(local.lines().count());

        Path odoo = dir.resolve("odoo.zip");
        assertThat(download(backup, "?format=odoo", odoo).statusCode()).isEqualTo(200);
        List<String> entries = Tools.ok("unzip", "-Z1", odoo.toString()).lines().toList();
        assertThat(entries).contains("dump.sql", "manifest.json", "filestore/odd names/empty-file");
        assertThat(entries.stream().filter(e -> e.startsWith("filestore/"))).hasSize((int) local.lines().count());

        Path raw = dir.resolve("raw.zip");
        assertThat(download(backup, "?raw=true", raw).statusCode()).isEqualTo(200);
        assertThat(Files.mismatch(raw, root.resolve(backup.get("backup_key").asText()))).isEqualTo(-1);
    }

    @Test
    @Order(2)
    void aDamagedPoolFileFailsTheCheckLoudlyAndTheNextBackupUploadsItAgain() throws Exception {
        JsonNode backup = backup();
        // a file the filestore still holds: the next backup lists it, finds it missing from the pool and uploads it again
        String listed = Tools.ok("unzip", "-p", root.resolve(backup.get("backup_key").asText()).toString(), "filestore.index")
                .lines().filter(l -> l.matches("[0-9a-f]{40} [1-9][0-9]* [0-9a-f]{2}/[0-9a-f]{40}")).findFirst().orElseThrow();
        Path victim = root.resolve("pool").resolve(ORG).resolve(listed.substring(0, 2)).resolve(listed.substring(0, 40));
        byte[] original = Files.readAllBytes(victim);
        Files.write(victim, "not the attachment".getBytes());

        // the full pool check reads every file and names the damaged one
        JsonNode full = tenant.expect(200, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/verify-pool", null);
        assertThat(full.get("ok").asBoolean()).isFalse();
        assertThat(full.get("files").asLong()).isEqualTo(manifest(backup).get("filestore").get("files").asLong());
        assertThat(full.get("damaged").asInt()).isEqualTo(1);
        assertThat(full.get("damaged_files").get(0).get("object_key").asText()).endsWith(victim.getFileName().toString());
        assertThat(full.get("damaged_files").get(0).get("problem").asText()).startsWith("not the file backed up");
        // the backup is marked damaged, and an alert says so until a backup completes undamaged
        assertThat(tenant.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).hasNonNull("damaged_at")).isTrue();
        Await.until("the damage alerts", Duration.ofSeconds(60),
                () -> tenant.expect(200, "GET", "/api/v1/alerts?status=open", null).get("items").findValuesAsText("rule"),
                rules -> rules.contains("backup_damaged"));
        // a restore check fails loudly, naming the pool file
        JsonNode check = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/verify-restore", null);
        JsonNode task = tenant.awaitTask(check.get("task_id").asText(), Duration.ofMinutes(3));
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("message").asText()).contains(victim.getFileName().toString()).contains("next backup");
        JsonNode checked = tenant.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("restore_check");
        assertThat(checked.get("ok").asBoolean()).isFalse();

        JsonNode next = backup();
        assertThat(Files.readAllBytes(victim)).isEqualTo(original);
        assertThat(manifest(next).get("filestore").get("new_files").asLong()).isEqualTo(1);
        assertThat(tenant.expect(200, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/verify-pool", null).get("ok").asBoolean()).isTrue();
        JsonNode again = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/verify-restore", null);
        assertThat(tenant.awaitTask(again.get("task_id").asText(), Duration.ofMinutes(3)).get("status").asText()).isEqualTo("completed");
        Await.until("the damage alert resolves", Duration.ofSeconds(60),
                () -> tenant.expect(200, "GET", "/api/v1/alerts?status=open", null).get("items").findValuesAsText("rule"),
                rules -> !rules.contains("backup_damaged"));
        // a backup without filestore has no pool files to check
        JsonNode databaseOnly = tenant.backup(SOURCE, "{\"storage_config_id\":\"" + poolConfig + "\",\"include_filestore\":false}");
        tenant.expect(409, "POST", "/api/v1/backups/" + databaseOnly.get("id").asText() + "/verify-pool", null);
    }

    @Test
    @Order(3)
    void aCopyBringsThePoolFilesItListsToTheSecondStorage() throws Exception {
        String second = tenant.expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG
                + "\",\"name\":\"Second\",\"provider\":\"local\",\"path_prefix\":\"second\",\"encryption\":\"age\"}").get("id").asText();
        JsonNode backup = tenant.backup(SOURCE, "{\"storage_config_id\":\"" + poolConfig + "\",\"secondary_storage_config_id\":\"" + second + "\"}");
        assertThat(backup.get("copies").get(0).get("status").asText()).as(backup.toString()).isEqualTo("verified");
        long files = manifest(backup).get("filestore").get("files").asLong();
        try (Stream<Path> copied = Files.walk(root.resolve("second/pool").resolve(ORG))) {
            // encrypted there, as the second storage says; files of equal content are stored once
            List<Path> all = copied.filter(Files::isRegularFile).toList();
            assertThat(all).allMatch(p -> p.toString().endsWith(".age")).hasSizeBetween((int) files - 2, (int) files);
        }
    }

    /** Every file each readable backup of these environments lists is in the pool, whole (sha1sum), as unzip reads the index. */
    private static void assertEveryListedFileIsPooled(String... environments) throws Exception {
        pool();
        for (String environment : environments) {
            for (JsonNode backup : tenant.expect(200, "GET", "/api/v1/backups/environments/" + environment + "/backups?limit=100", null).get("items")) {
                if (!backup.get("status").asText().equals("completed") || !"index".equals(backup.path("filestore_format").asText())) {
                    continue;
                }
                String index = Tools.ok("unzip", "-p", root.resolve(backup.get("backup_key").asText()).toString(), "filestore.index");
                for (String line : index.lines().toList()) {
                    assertThat(root.resolve("pool").resolve(ORG).resolve(line.substring(0, 2)).resolve(line.substring(0, 40)))
                            .as("backup " + backup.get("id").asText() + " lists " + line).isRegularFile();
                }
            }
        }
    }

    private static long marked() throws Exception {
        try (var db = service.database(); var rows = db.createStatement().executeQuery(
                "SELECT count(*) FROM pool_file WHERE state = 'deleting' AND storage_config_id = '" + poolConfig + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @Order(4)
    void deletingABackupRemovesThePoolFilesOnlyItListed() throws Exception {
        JsonNode kept = backup();
        String atKept = RestoreIT.fingerprint(SOURCE, DB);
        String added = Tools.ok("docker", "exec", SOURCE + "_odoo", "sh", "-c", "cd /var/lib/odoo/filestore/" + DB
                + " && head -c 7000 /dev/urandom > /tmp/new && s=$(sha1sum < /tmp/new | cut -c1-40) && d=$(echo $s | cut -c1-2)"
                + " && mkdir -p $d && mv /tmp/new $d/$s && echo $d/$s").strip();
        Path pooled = root.resolve("pool").resolve(ORG).resolve(added);
        JsonNode only = backup();
        assertThat(pooled).isRegularFile();
        // a second configuration of the same place (the organization's folder, no prefix) shares the pool: nothing is new
        String twin = tenant.expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG
                + "\",\"name\":\"Twin\",\"provider\":\"local\",\"filestore_mode\":\"incremental\"}").get("id").asText();
        JsonNode viaTwin = tenant.backup(SOURCE, "{\"storage_config_id\":\"" + twin + "\"}");
        assertThat(manifest(viaTwin).get("filestore").get("new_files").asLong()).isZero();
        Tools.ok("docker", "exec", SOURCE + "_odoo", "rm", "/var/lib/odoo/filestore/" + DB + "/" + added); // Odoo's garbage collection

        tenant.expect(204, "DELETE", "/api/v1/backups/" + only.get("id").asText(), null);
        assertThat(pooled).as("the twin's backup lists the file too").isRegularFile();
        tenant.expect(204, "DELETE", "/api/v1/backups/" + viaTwin.get("id").asText(), null);
        assertThat(pooled).as("the file only the deleted backups listed").doesNotExist();
        assertEveryListedFileIsPooled(SOURCE);
        restoreInto(kept.get("id").asText(), OTHER);
        assertThat(RestoreIT.fingerprint(OTHER, "odoo_other")).isEqualTo(atKept);
        JsonNode sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null);
        assertThat(sweep.get("pool_files_removed").asLong()).as("nothing a backup lists").isZero();
        assertEveryListedFileIsPooled(SOURCE);
    }

    @Test
    @Order(5)
    void aSweepKilledInTheMiddleLeavesNoBackupWithAMissingFileAndTheNextOneFinishes(@TempDir Path data, @TempDir Path tmp) throws Exception {
        Tools.createEnvironment(MANY, "--org", ORG, "--files", "2000", "--rows", "10");
        try {
            tenant.environment(MANY, ORG, "odoo_it_incremental_many");
            JsonNode many = tenant.backup(MANY, "{\"storage_config_id\":\"" + poolConfig + "\"}");
            // its two odd-named files hold what the other environment's do: already pooled
            assertThat(manifest(many).get("filestore").get("new_files").asLong()).isEqualTo(2000);
            long before = pool().size();
            try (ServiceProcess other = ServiceProcess.start(service.instanceSettings(data, tmp))) {
                ApiClient api = new ApiClient(other.baseUrl(), TestService.TOKEN);
                Thread deleting = new Thread(() -> {
                    try {
                        api.call("DELETE", "/api/v1/backups/" + many.get("id").asText(), null);
                    } catch (Exception killed) {
                        // the instance dies under the request
                    }
                });
                deleting.start();
                Await.until("the sweep has marked the deleted backup's files", Duration.ofSeconds(60), Duration.ofMillis(2),
                        IncrementalIT::marked, n -> n > 0);
                other.kill();
                deleting.join();
            }
            long left = pool().size(); // each file left whole
            assertThat(marked()).as("the kill came before the sweep's end").isPositive();
            assertThat(left).isGreaterThan(before - 2000).isLessThanOrEqualTo(before);
            assertEveryListedFileIsPooled(SOURCE, MANY);

            JsonNode sweep = service.expect(200, "POST", "/api/v1/retention/sweep", null);
            assertThat(marked()).isZero();
            assertThat(pool()).hasSize((int) before - 2000);
            assertThat(sweep.get("pool_files_removed").asLong()).isPositive().isLessThanOrEqualTo(2000);
            assertEveryListedFileIsPooled(SOURCE, MANY);
            // the environment's next backup finds its files gone from the pool and uploads them again
            JsonNode again = tenant.backup(MANY, "{\"storage_config_id\":\"" + poolConfig + "\"}");
            assertThat(manifest(again).get("filestore").get("new_files").asLong()).isEqualTo(2000);
            assertEveryListedFileIsPooled(MANY);
        } finally {
            Tools.removeEnvironment(MANY);
        }
    }
}
