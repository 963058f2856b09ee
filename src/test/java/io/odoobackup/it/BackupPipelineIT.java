package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real backup through the whole pipeline — real Docker containers, real PostgreSQL, S3Proxy —
 * checked with independent tools: aws CLI, unzip, tar, psql, diff.
 */
class BackupPipelineIT {

    private static final String ORG = "org-spine";
    private static final String ENV = "it-spine";
    private static final String DB = "odoo_it_spine";
    private static final String BUCKET = "it-spine-" + Long.toString(System.nanoTime(), 36);
    private static TestService service;
    private static String s3ConfigId;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--db-name", DB, "--rows", "5000", "--files", "400");
        Tools.aws("s3", "mb", "s3://" + BUCKET);
        service.expect(201, "POST", "/api/v1/environments", """
                {"id":"%s","organization_id":"%s","name":"Spine test","db_name":"%s","odoo_version":"18.0",
                 "cpu_cores":2,"ram_mb":4096,"disk_gb":20}""".formatted(ENV, ORG, DB));
        s3ConfigId = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"S3Proxy","provider":"s3","bucket":"%s","region":"us-east-1",
                 "access_key":"%s","secret_key":"%s","endpoint_url":"%s"}"""
                .formatted(ORG, BUCKET, Tools.S3_ACCESS_KEY, Tools.S3_SECRET_KEY, Tools.S3_ENDPOINT)).get("id").asText();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Tools.aws("s3", "rb", "--force", "s3://" + BUCKET);
    }

    @Test
    void fullBackupToS3IsVerifiedAndRestoresWithStandardTools(@TempDir Path work) throws Exception {
        JsonNode created = service.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
        for (String field : List.of("id", "environment_id", "storage_config_id", "task_id", "status", "backup_type",
                "backup_key", "database_size", "filestore_size", "total_size", "compressed_size", "started_at",
                "completed_at", "duration_seconds", "retention_type", "expires_at", "is_verified", "verified_at",
                "database_checksum", "filestore_checksum", "environment_snapshot", "error_message", "created_at",
                "created_by")) {
            assertThat(created.has(field)).as("create response field %s", field).isTrue();
        }
        assertThat(created.get("status").asText()).isEqualTo("pending");
        assertThat(created.get("backup_type").asText()).isEqualTo("manual");
        assertThat(created.get("storage_config_id").asText()).isEqualTo(s3ConfigId);
        String id = created.get("id").asText();
        assertThat(created.get("backup_key").asText()).isEqualTo("backups/" + ORG + "/" + ENV + "/" + id + ".zip");

        JsonNode task = service.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(3));
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.get("progress").asInt()).isEqualTo(100);
        assertThat(task.get("task_type").asText()).isEqualTo("backup");
        JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + id, null);
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        assertThat(backup.get("is_verified").asBoolean()).isTrue();
        assertThat(backup.get("verified_at").isNull()).isFalse();
        assertThat(backup.get("completed_at").isNull()).isFalse();
        assertThat(backup.get("error_message").isNull()).isTrue();

        // the stored object, fetched with the aws CLI and opened with unzip
        Path zip = work.resolve("backup.zip");
        Tools.aws("s3", "cp", "s3://" + BUCKET + "/" + backup.get("backup_key").asText(), zip.toString());
        assertThat(Files.size(zip)).isEqualTo(backup.get("compressed_size").asLong());
        assertThat(Tools.ok("unzip", "-Z1", zip.toString()).lines().toList())
                .containsExactly("filestore.tar.gz", "dump.sql", "manifest.json"); // as they are written into the upload
        // gzip already: its entry holds it in stored deflate blocks, not compressed a second time
        assertThat(Tools.ok("unzip", "-v", zip.toString())).containsPattern("Defl:N\\s+\\d+\\s+-?0%\\s.*filestore\\.tar\\.gz");
        Path unpacked = Files.createDirectory(work.resolve("unpacked"));
        Tools.ok("unzip", "-q", zip.toString(), "-d", unpacked.toString());
        Path dump = unpacked.resolve("dump.sql");
        Path filestore = unpacked.resolve("filestore.tar.gz");

        // checksums: record, manifest and the entries' bytes agree
        JsonNode manifest = service.json(Files.readString(unpacked.resolve("manifest.json")));
        assertThat(manifest.get("version").asText()).isEqualTo("1.0");
        assertThat(manifest.get("backup_id").asText()).isEqualTo(id);
        assertThat(manifest.get("environment_id").asText()).isEqualTo(ENV);
        assertThat(manifest.get("backup_type").asText()).isEqualTo("manual");
        assertThat(manifest.at("/database/checksum").asText()).isEqualTo("sha256:" + Tools.sha256(dump))
                .isEqualTo(backup.get("database_checksum").asText());
        assertThat(manifest.at("/database/size").asLong()).isEqualTo(Files.size(dump)).isEqualTo(backup.get("database_size").asLong());
        assertThat(manifest.at("/database/format").asText()).isEqualTo("pg_dump_plain");
        assertThat(manifest.at("/database/name").asText()).isEqualTo(DB);
        assertThat(manifest.at("/filestore/checksum").asText()).isEqualTo("sha256:" + Tools.sha256(filestore))
                .isEqualTo(backup.get("filestore_checksum").asText());
        assertThat(manifest.at("/filestore/size").asLong()).isEqualTo(Files.size(filestore)).isEqualTo(backup.get("filestore_size").asLong());
        assertThat(manifest.at("/filestore/format").asText()).isEqualTo("tar.gz");
        assertThat(backup.get("total_size").asLong()).isEqualTo(Files.size(dump) + Files.size(filestore));
        assertThat(manifest.at("/environment_snapshot/modules").toString())
                .isEqualTo("[\"base\",\"crm\",\"mail\",\"purchase\",\"sale\",\"web\"]");
        assertThat(manifest.at("/environment_snapshot/odoo_version").asText()).isEqualTo("18.0");
        assertThat(manifest.at("/environment_snapshot/odoo_image").asText()).isEqualTo("odoo-backup-test/odoo:18.0");
        assertThat(manifest.at("/environment_snapshot/db_name").asText()).isEqualTo(DB);
        assertThat(manifest.at("/environment_snapshot/ram_mb").asInt()).isEqualTo(4096);
        assertThat(manifest.at("/retention/type").asText()).isEqualTo(backup.get("retention_type").asText());
        assertThat(manifest.at("/retention/expires_at").asText()).isEqualTo(backup.get("expires_at").asText());

        // the dump restores with psql into a scratch database, with the same rows
        String scratch = "restore_" + Long.toString(System.nanoTime(), 36);
        Tools.ok("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE " + scratch);
        try {
            Tools.Result restore = Tools.run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", scratch, "-f", dump.toString()));
            assertThat(restore.exitCode()).isZero();
            // the only complaint allowed: the environment's owner role does not exist on this server
            assertThat(restore.output().lines().filter(l -> l.contains("ERROR"))).allMatch(l -> l.contains("role \"odoo\" does not exist"));
            String restored = Tools.ok("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", scratch, "-At", "-c", Tools.COUNTS);
            assertThat(restored).isEqualTo(Tools.sourceCounts(ENV, DB)).startsWith("5001,2,501,8,");
        } finally {
            Tools.ok("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", "DROP DATABASE " + scratch);
        }

        // the filestore untars to files byte-identical to the container's
        Path restoredFiles = Files.createDirectory(work.resolve("restored-filestore"));
        Path liveFiles = Files.createDirectory(work.resolve("live-filestore"));
        Tools.ok("tar", "-xzf", filestore.toString(), "-C", restoredFiles.toString());
        Tools.ok(List.of("bash", "-c", "docker exec " + ENV + "_odoo tar -cf - -C /var/lib/odoo/filestore/" + DB
                + " . | tar -xf - -C " + liveFiles), Map.of());
        assertThat(Tools.run(List.of("diff", "-r", restoredFiles.toString(), liveFiles.toString())).exitCode()).isZero();
        try (Stream<Path> files = Files.walk(restoredFiles)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(402);
        }
        assertThat(restoredFiles.resolve("odd names/file with spaces ü.txt")).exists();

        assertNoTempFiles();
    }

    @Test
    void databaseOnlyBackupToAnotherStorageLeavesTheFilestoreOut() throws Exception {
        String localId = service.folderStorage(ORG);
        Path folder = service.localStorage(ORG);
        JsonNode backup = service.backup(ENV, """
                {"backup_type":"pre_upgrade","storage_config_id":"%s","include_filestore":false,"retention_type":"monthly"}"""
                .formatted(localId));
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        assertThat(backup.get("backup_type").asText()).isEqualTo("pre_upgrade");
        assertThat(backup.get("retention_type").asText()).isEqualTo("monthly");
        assertThat(backup.get("filestore_size").asLong()).isZero();
        assertThat(backup.get("filestore_checksum").isNull()).isTrue();
        Path zip = folder.resolve(backup.get("backup_key").asText());
        assertThat(Tools.ok("unzip", "-Z1", zip.toString()).lines().toList()).containsExactly("dump.sql", "manifest.json");
        assertThat(Tools.ok("unzip", "-p", zip.toString(), "manifest.json")).contains("\"filestore\" : null");
        try (Stream<Path> files = Files.list(zip.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(zip.getFileName().toString());
        }
        assertNoTempFiles();
    }

    @Test
    void aSecondBackupOfARunningEnvironmentIsRefused() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String[] taskId = new String[1];
        for (int i = 0; i < 10; i++) {
            Thread thread = new Thread(() -> {
                try {
                    var response = service.call("POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
                    synchronized (statuses) {
                        statuses.add(response.statusCode());
                        if (response.statusCode() == 201) {
                            taskId[0] = service.json(response.body()).get("task_id").asText();
                        } else {
                            assertThat(response.body()).contains("is running");
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409, 409, 409, 409, 409, 409, 409);
        assertThat(service.awaitTask(taskId[0], Duration.ofMinutes(3)).get("status").asText()).isEqualTo("completed");
        JsonNode list = service.expect(200, "GET", "/api/v1/backups/environments/" + ENV + "/backups?status=completed&limit=1", null);
        assertThat(list.get("limit").asInt()).isEqualTo(1);
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("total").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aMissingContainerFailsTheBackupWithItsName() throws Exception {
        Tools.createEnvironment("it-ghost", "--db-name", "ghost", "--files", "1", "--rows", "1");
        service.expect(201, "POST", "/api/v1/environments", """
                {"id":"it-ghost","organization_id":"%s","name":"Containers gone","db_name":"ghost"}""".formatted(ORG));
        Tools.removeEnvironment("it-ghost"); // registered, then its containers went away
        JsonNode backup = service.backup("it-ghost", "{}");
        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error_message").asText()).isEqualTo("Container Not Found: it-ghost_db");
        JsonNode task = service.expect(200, "GET", "/api/v1/tasks/" + backup.get("task_id").asText(), null);
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("message").asText()).contains("Container Not Found: it-ghost_db");
        assertNoTempFiles();
        // a failed backup does not block the next one
        assertThat(service.backup("it-ghost", "{}").get("status").asText()).isEqualTo("failed");
    }

    @Test
    void aFailingPgDumpFailsTheBackupWithPgDumpsOwnWords() throws Exception {
        Tools.createEnvironment("it-nodb", "--db-name", "no_such_db", "--files", "1", "--rows", "1");
        try {
            service.expect(201, "POST", "/api/v1/environments", """
                    {"id":"it-nodb","organization_id":"%s","name":"Wrong database","db_name":"no_such_db"}""".formatted(ORG));
            // registered while it answered; then the database went away
            Tools.ok("docker", "exec", "it-nodb_db", "psql", "-U", "odoo", "-d", "postgres", "-c", "DROP DATABASE no_such_db");
            JsonNode backup = service.backup("it-nodb", "{}");
            assertThat(backup.get("status").asText()).isEqualTo("failed");
            assertThat(backup.get("error_message").asText()).startsWith("pg_dump failed (exit 1)")
                    .contains("database \"no_such_db\" does not exist");
            assertNoTempFiles();
        } finally {
            Tools.removeEnvironment("it-nodb");
        }
    }

    @Test
    void anUnreachableStorageFailsAfterRetriesWithoutLeakingItsSecret() throws Exception {
        String deadId = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"Down","provider":"minio","bucket":"%s","access_key":"ak",
                 "secret_key":"very-secret-key-42","endpoint_url":"http://127.0.0.1:9"}""".formatted(ORG, BUCKET))
                .get("id").asText();
        JsonNode backup = service.backup(ENV, "{\"storage_config_id\":\"%s\"}".formatted(deadId));
        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error_message").asText()).containsIgnoringCase("connect").doesNotContain("very-secret-key-42");
        assertThat(backup.get("is_verified").asBoolean()).isFalse();
        assertNoTempFiles();
    }

    private static void assertNoTempFiles() throws Exception {
        try (Stream<Path> left = Files.list(service.tmpDir())) {
            assertThat(left).isEmpty();
        }
    }
}
