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
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The Odoo container stops after the filestore was unpacked, while the dump still loads (a pg_sleep before its
     * error): the load fails and so does removing the new folder. The restore stays running, the environment locked,
     * until the container is back; then the recovery removes what the restore made and fails it with its reason.
     */
    @Test
    void aRestoreWhoseUndoFailsIsRolledBackOnceTheContainerIsBack() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{}");
        rewrite(backup, unpacked -> Files.writeString(unpacked.resolve("dump.sql"), "\nSELECT pg_sleep(4);\nTHIS IS NOT SQL;\n",
                java.nio.file.StandardOpenOption.APPEND));
        String before = fingerprint(SOURCE, "odoo_it_restore");
        JsonNode created = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{\"pre_restore_backup\":false}");
        String task = created.get("task_id").asText();
        try {
            // the new folder exists (its unpack may be done or not: removing it fails either way once Odoo is stopped)
            Await.until("the restore makes its new folder", Duration.ofMinutes(1), () -> leftovers(SOURCE, "odoo_it_restore"),
                    seen -> seen.contains(".restore-"));
            Tools.ok("docker", "stop", "-t", "1", SOURCE + "_odoo");
            JsonNode pending = Await.until("the restore waits for its undo", Duration.ofMinutes(1),
                    () -> tenant.expect(200, "GET", "/api/v1/tasks/" + task, null), t -> t.get("step").asText().equals("undo"));
            assertThat(pending.get("status").asText()).isEqualTo("running");
            assertThat(pending.get("message").asText()).contains("Loading dump.sql into a new database failed")
                    .contains("undoing it did not work yet").contains("tries again");
            // the environment is held meanwhile: nothing runs on a target that is not whole
            tenant.expect(409, "POST", "/api/v1/backups/environments/" + SOURCE + "/backups", "{}");
        } finally {
            Tools.ok("docker", "start", SOURCE + "_odoo");
        }
        JsonNode done = tenant.awaitTask(task, Duration.ofMinutes(2));
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("message").asText()).contains("Loading dump.sql into a new database failed")
                .contains("what the restore had made was removed and the target is as it was");
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).isEqualTo(before);
        assertThat(leftovers(SOURCE, "odoo_it_restore")).isEqualTo("[]");
    }

    /** Databases and folders a restore makes for itself; none may stay behind. */
    static String leftovers(String environment, String db) throws Exception {
        String databases = Tools.ok("docker", "exec", environment + "_db", "psql", "-U", "odoo", "-d", "postgres", "-At", "-c",
                "SELECT datname FROM pg_database WHERE datname ~ '_(restore|old)_[0-9a-f]{8}$'");
        String folders = Tools.ok("docker", "exec", environment + "_odoo", "ls", "-a", "/var/lib/odoo/filestore");
        return databases + folders.lines().filter(f -> f.contains(".restore-") || f.contains(".old-")).toList();
    }

    private static JsonNode restore(String backupId, String body) throws Exception {
        JsonNode created = tenant.expect(202, "POST", "/api/v1/backups/" + backupId + "/restore", body);
        JsonNode task = tenant.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(5));
        JsonNode restore = tenant.expect(200, "GET", "/api/v1/restores/" + created.get("id").asText(), null);
        assertThat(restore.get("stage").asText()).as("the record's stage is its task's step").isEqualTo(task.get("step").asText());
        return restore;
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

        // a locked table holds pg_dump (for the 3 s the test service lets it wait): a backup, then a restore's
        // pre-restore backup, keep running meanwhile
        String before = fingerprint(SOURCE, "odoo_it_restore");
        try (AutoCloseable lock = Tools.lockTable(SOURCE, "odoo_it_restore")) {
            JsonNode running = tenant.expect(201, "POST", "/api/v1/backups/environments/" + SOURCE + "/backups", "{}");
            assertThat(tenant.expect(400, "POST", "/api/v1/backups/" + running.get("id").asText() + "/restore", "{}").get("detail").asText())
                    .contains("only a completed backup can be restored");
            assertThat(tenant.expect(409, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{}").get("detail").asText())
                    .contains("is running");
            tenant.awaitTask(running.get("task_id").asText(), Duration.ofMinutes(1));

            JsonNode restoring = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{}");
            tenant.expect(409, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{}");
            tenant.expect(409, "POST", "/api/v1/backups/environments/" + SOURCE + "/backups", "{}");
            JsonNode failed = tenant.awaitTask(restoring.get("task_id").asText(), Duration.ofMinutes(1));
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("message").asText()).contains("The pre-restore backup").contains("could not lock").contains("not touched");
        }
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).isEqualTo(before);
        assertThat(leftovers(SOURCE, "odoo_it_restore")).isEqualTo("[]");
    }

    /** What a test changes in an unpacked backup before it is packed again. */
    private interface Edit {
        void apply(Path unpacked) throws Exception;
    }

    /**
     * The stored object of a backup replaced by an edited one, with the manifest's checksum of dump.sql and the
     * record's of the whole brought in line: a backup whose content is wrong while every checksum is right.
     */
    private static void rewrite(JsonNode backup, Edit edit) throws Exception {
        Path stored = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
        Path work = Files.createTempDirectory("rewritten-backup");
        Tools.ok("unzip", "-q", stored.toString(), "-d", work.toString());
        edit.apply(work);
        com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode) service.json(
                Files.readString(work.resolve("manifest.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("database"))
                .put("checksum", "sha256:" + Tools.sha256(work.resolve("dump.sql"))).put("size", Files.size(work.resolve("dump.sql")));
        Files.writeString(work.resolve("manifest.json"), manifest.toString());
        Files.delete(stored);
        Tools.ok(List.of("bash", "-c", "cd " + work + " && zip -q -0 " + stored + " dump.sql filestore.tar.gz manifest.json"), Map.of());
        try (var db = service.database(); var update = db.prepareStatement(
                "UPDATE backup SET archive_checksum = ?, stored_checksum = ?, compressed_size = ?, archive_size = ? WHERE id = ?")) {
            update.setString(1, "sha256:" + Tools.sha256(stored));
            update.setString(2, "sha256:" + Tools.sha256(stored));
            update.setLong(3, Files.size(stored));
            update.setLong(4, Files.size(stored));
            update.setString(5, backup.get("id").asText());
            update.executeUpdate();
        }
        Tools.ok("rm", "-rf", work.toString());
    }

    @Test
    void aDumpThatDoesNotLoadFailsAndLeavesTheTargetAsItWas() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{}");
        rewrite(backup, unpacked -> Files.writeString(unpacked.resolve("dump.sql"), "\nTHIS IS NOT SQL;\n",
                java.nio.file.StandardOpenOption.APPEND));
        String before = fingerprint(SOURCE, "odoo_it_restore");
        JsonNode restore = restore(backup.get("id").asText(), "{\"pre_restore_backup\":false}");
        assertThat(restore.get("status").asText()).isEqualTo("failed");
        assertThat(restore.get("error_message").asText()).contains("Loading dump.sql into a new database failed")
                .contains("THIS").contains("The target was not touched");
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).isEqualTo(before);
        assertThat(leftovers(SOURCE, "odoo_it_restore")).isEqualTo("[]");
        assertThat(running(SOURCE + "_odoo")).isTrue();
    }

    /** Polls the restore's record until it reaches the stage (and, for a load, until its new database exists). */
    private static void awaitStage(String restoreId, String stage) throws Exception {
        Await.until("restore " + restoreId + " reaches " + stage, Duration.ofMinutes(2), Duration.ofMillis(5), () -> {
            try (var db = service.database(); var query = db.prepareStatement("SELECT stage FROM restore WHERE id = ?")) {
                query.setString(1, restoreId);
                try (var row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        }, stage::equals);
    }

    /**
     * kill -9 while the dump loads, and while the swap runs: the instance, started again, rolls the first back and
     * finishes the second. Either way the target is whole, in the old state or the new one, never a mix.
     */
    @Test
    void aServiceKilledDuringTheLoadOrTheSwapLeavesTheTargetWholeOnceItIsBack(@TempDir Path data, @TempDir Path tmp) throws Exception {
        Tools.createEnvironment("it-restore-crash", "--org", ORG, "--files", "30", "--rows", "300000");
        try {
            tenant.environment("it-restore-crash", ORG, "odoo_it_restore_crash");
            JsonNode backup = tenant.backup("it-restore-crash", "{}");
            String backedUp = fingerprint("it-restore-crash", "odoo_it_restore_crash");
            Tools.ok("docker", "exec", "it-restore-crash_db", "psql", "-U", "odoo", "-d", "odoo_it_restore_crash", "-c",
                    "DELETE FROM res_partner WHERE id > 1000");
            String current = fingerprint("it-restore-crash", "odoo_it_restore_crash");
            Map<String, String> settings = service.instanceSettings(data, tmp);

            // killed while loading: rolled back at the next start
            JsonNode loading;
            AutoCloseable elsewhere = service.workElsewhere();
            try (ServiceProcess first = ServiceProcess.start(settings)) {
                ApiClient api = new ApiClient(first.baseUrl(), TestService.TOKEN);
                loading = api.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{\"pre_restore_backup\":false}");
                awaitStage(loading.get("id").asText(), "preparing");
                Thread.sleep(300); // the new database exists and fills
                first.kill();
            }
            try (ServiceProcess again = ServiceProcess.start(settings)) {
                JsonNode rolledBack = new ApiClient(again.baseUrl(), TestService.TOKEN).awaitTask(loading.get("task_id").asText(), Duration.ofMinutes(2));
                assertThat(rolledBack.get("status").asText()).isEqualTo("failed");
                assertThat(rolledBack.get("message").asText()).contains("interrupted").contains("the target is as it was");
                assertThat(fingerprint("it-restore-crash", "odoo_it_restore_crash")).isEqualTo(current);
                assertThat(leftovers("it-restore-crash", "odoo_it_restore_crash")).isEqualTo("[]");
                assertThat(running("it-restore-crash_odoo")).isTrue();

                // killed while swapping: finished at the next start
                ApiClient api = new ApiClient(again.baseUrl(), TestService.TOKEN);
                JsonNode swapping = api.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{\"pre_restore_backup\":false}");
                awaitStage(swapping.get("id").asText(), "swapping");
                again.kill();
                try (ServiceProcess third = ServiceProcess.start(settings)) {
                    JsonNode finished = new ApiClient(third.baseUrl(), TestService.TOKEN).awaitTask(swapping.get("task_id").asText(), Duration.ofMinutes(2));
                    assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("completed");
                    assertThat(third.log()).contains("was interrupted during its swap: finished now");
                    third.stop();
                }
            }
            elsewhere.close();
            assertThat(fingerprint("it-restore-crash", "odoo_it_restore_crash")).isEqualTo(backedUp);
            assertThat(leftovers("it-restore-crash", "odoo_it_restore_crash")).isEqualTo("[]");
            assertThat(running("it-restore-crash_odoo")).isTrue();
        } finally {
            service.workElsewhere().close(); // claiming again, however the test ended
            Tools.removeEnvironment("it-restore-crash");
        }
    }

    private static JsonNode check(String backupId) throws Exception {
        JsonNode created = tenant.expect(202, "POST", "/api/v1/backups/" + backupId + "/verify-restore", null);
        assertThat(created.get("status").asText()).isEqualTo("pending");
        return tenant.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(5));
    }

    @Test
    void aRestoreCheckProvesTheBackupRestorableWithTheCountsOfItsOwnSnapshot() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{}");
        String before = fingerprint(SOURCE, "odoo_it_restore");
        JsonNode task = check(backup.get("id").asText());
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("completed");
        JsonNode checked = tenant.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null);
        assertThat(checked.get("restore_verified_at").isNull()).isFalse();
        JsonNode result = checked.get("restore_check");
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("tables").asInt()).isEqualTo(4);
        long partners = Long.parseLong(Tools.ok("docker", "exec", SOURCE + "_db", "psql", "-U", "odoo", "-d", "odoo_it_restore", "-At",
                "-c", "SELECT (SELECT count(*) FROM res_partner) + (SELECT count(*) FROM res_users) + (SELECT count(*) FROM ir_attachment)"
                        + " + (SELECT count(*) FROM ir_module_module)").strip());
        assertThat(result.get("rows").asLong()).isEqualTo(partners);
        assertThat(result.get("files").asLong()).isEqualTo(Long.parseLong(Tools.ok("docker", "exec", SOURCE + "_odoo", "sh", "-c",
                "find /var/lib/odoo/filestore/odoo_it_restore -type f | wc -l").strip()));
        assertThat(fingerprint(SOURCE, "odoo_it_restore")).as("a check never touches the environment").isEqualTo(before);
        assertThat(Tools.ok("docker", "exec", SOURCE + "_db", "psql", "-U", "odoo", "-d", "postgres", "-At", "-c",
                "SELECT datname FROM pg_database WHERE datname ~ '_verify_[0-9a-f]{8}$'")).isEmpty();
    }

    @Test
    void aRestoreCheckThatCountsOtherRowsThanTheBackupFailsAndSaysWhere() throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{\"include_filestore\":false}");
        // the dump loses a row of res_partner while every checksum stays right
        rewrite(backup, unpacked -> {
            List<String> lines = Files.readAllLines(unpacked.resolve("dump.sql"));
            int copy = lines.indexOf(lines.stream().filter(l -> l.startsWith("COPY public.res_partner ")).findFirst().orElseThrow());
            lines.remove(lines.subList(copy, lines.size()).indexOf("\\.") + copy - 1); // its last row: no user refers to it
            Files.write(unpacked.resolve("dump.sql"), lines);
        });
        JsonNode task = check(backup.get("id").asText());
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("message").asText()).contains("public.res_partner holds").contains("rows where the backup counted");
        JsonNode checked = tenant.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null);
        assertThat(checked.get("restore_check").get("ok").asBoolean()).isFalse();
        assertThat(checked.get("restore_verified_at").isNull()).isTrue();
        assertThat(Tools.ok("docker", "exec", SOURCE + "_db", "psql", "-U", "odoo", "-d", "postgres", "-At", "-c",
                "SELECT datname FROM pg_database WHERE datname ~ '_verify_[0-9a-f]{8}$'")).isEmpty();
    }

    /** The odoo-format download unpacks into the layout Odoo's restore_db reads, and its dump.sql loads as Odoo loads it. */
    @Test
    void theOdooFormatDownloadIsWhatOdoosDatabaseManagerRestores(@TempDir Path work) throws Exception {
        JsonNode backup = tenant.backup(SOURCE, "{}");
        String source = Tools.sourceCounts(SOURCE, "odoo_it_restore");
        String files = Tools.ok(List.of("bash", "-c", "docker exec " + SOURCE + "_odoo sh -c 'cd /var/lib/odoo/filestore/odoo_it_restore"
                + " && find . -type f -exec sha256sum {} +' | sed 's# \\./# #' | sort"), Map.of());
        tenant.expect(400, "GET", "/api/v1/backups/" + backup.get("id").asText() + "/download?format=pdf", null);
        java.net.http.HttpResponse<Path> download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(service.baseUrl() + "/api/v1/backups/" + backup.get("id").asText() + "/download?format=odoo"))
                .header("Authorization", "Bearer " + TestService.TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofFile(work.resolve("odoo.zip")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("odoo_it_restore_").contains(".odoo.zip");
        Path unpacked = Files.createDirectory(work.resolve("unpacked"));
        // unpacked as restore_db unpacks it, with Python's zipfile (Debian's unzip mangles UTF-8 names)
        Tools.ok("python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); z.extractall(sys.argv[2],"
                + " [m for m in z.namelist() if m.startswith('filestore/') or m in ('dump.sql', 'manifest.json')])",
                work.resolve("odoo.zip").toString(), unpacked.toString());
        assertThat(Tools.ok(List.of("bash", "-c", "cd " + unpacked.resolve("filestore") + " && find . -type f -exec sha256sum {} +"
                + " | sed 's# \\./# #' | sort"), Map.of())).isEqualTo(files);
        JsonNode manifest = service.json(Files.readString(unpacked.resolve("manifest.json")));
        assertThat(manifest.get("odoo_dump").asText()).isEqualTo("1");
        assertThat(manifest.get("db_name").asText()).isEqualTo("odoo_it_restore");
        assertThat(manifest.get("modules").get("base").asText()).isEqualTo("18.0.1.3");
        assertThat(manifest.get("modules").has("stock")).as("not installed").isFalse();
        assertThat(manifest.get("pg_version").asText()).startsWith("15.");
        // no odoo_version was registered: the series comes from the installed base module, as Odoo's own dump says it
        assertThat(manifest.get("version").asText()).isEqualTo("18.0");
        assertThat(manifest.get("major_version").asText()).isEqualTo("18.0");
        assertThat(manifest.get("version_info").toString()).isEqualTo("[18,0,0,\"final\",0,\"\"]");
        String dump = Files.readString(unpacked.resolve("dump.sql"));
        assertThat(dump.lines().filter(l -> l.startsWith("ALTER ") && l.contains(" OWNER TO "))).as("no owners, as --no-owner").isEmpty();
        // loaded as Odoo's restore_db loads it: psql -f dump.sql into a new database
        Tools.ok("docker", "exec", SOURCE + "_db", "createdb", "-U", "odoo", "odoo_format_check");
        try {
            Tools.ok(List.of("bash", "-c", "docker exec -i " + SOURCE + "_db psql -q -v ON_ERROR_STOP=1 -U odoo -d odoo_format_check"
                    + " -f - < " + unpacked.resolve("dump.sql")), Map.of());
            assertThat(Tools.sourceCounts(SOURCE, "odoo_format_check")).isEqualTo(source);
        } finally {
            Tools.ok("docker", "exec", SOURCE + "_db", "dropdb", "-U", "odoo", "odoo_format_check");
        }
    }
}
