package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during a backup: the database container stopped mid-dump, and the temp folder full (for a restore too).
 * Each ends failed with its cause named, leaves no temp file and no object in storage, and the next backup succeeds.
 * (Storage going down mid-upload is StorageOutageIT.)
 */
class FaultsIT {

    private static final String ENV = "it-faults";
    private static TestService service;
    private static Path storage;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--rows", "1000000", "--files", "20");
        service.environment(ENV, "org-faults", "odoo_it_faults");
        service.folderStorage("org-faults");
        storage = service.localStorage("org-faults");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static long files(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    /** Neither the object nor a partial upload of it. */
    private static void assertNothingStored(JsonNode backup) throws Exception {
        Path object = storage.resolve(backup.get("backup_key").asText());
        assertThat(object).doesNotExist();
        assertThat(object.resolveSibling(".partial-" + object.getFileName())).doesNotExist();
    }

    /** The backup has passed initialization: its dump is streaming. */
    private static void awaitDumping(ApiClient api, JsonNode created) throws Exception {
        Await.until("the task passes initialization", Duration.ofSeconds(60), Duration.ofMillis(10),
                () -> api.expect(200, "GET", "/api/v1/tasks/" + created.get("task_id").asText(), null).get("step").asText(),
                step -> !step.equals("initialize") && !step.equals("null"));
    }

    @Test
    void theDatabaseContainerStoppedMidDump() throws Exception {
        JsonNode created = service.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
        awaitDumping(service, created);
        Tools.ok("docker", "kill", ENV + "_db");
        service.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(2));
        JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null);
        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error_message").asText()).contains("Container " + ENV + "_db").contains("docker start " + ENV + "_db");
        System.out.println("Database container stopped mid-dump: " + backup.get("error_message").asText());
        assertThat(files(service.tmpDir())).isZero();
        assertNothingStored(backup);

        Tools.createEnvironment(ENV, "--rows", "1000", "--files", "20"); // the container is back
        assertThat(service.backup(ENV, "{}").get("status").asText()).isEqualTo("completed");
        Tools.createEnvironment(ENV, "--rows", "1000000", "--files", "20");
    }

    /**
     * {@code docker stop} of the database container a second into a backup of an environment with a large filestore:
     * the backup fails within 5 seconds (it does not archive the filestore on), naming the container and what to do.
     * The test's database container stops on SIGINT, PostgreSQL's fast shutdown, as the official postgres image does.
     */
    @Test
    void theDatabaseContainerStoppedASecondInFailsTheBackupAtOnceSayingWhatToDo() throws Exception {
        String env = ENV + "-stop";
        // a dump that lasts well past the first second (300,000 rows took 0.9 s on the test machine): the stop falls in it
        Tools.createEnvironment(env, "--rows", "1500000", "--filestore-mb", "600");
        try {
            service.environment(env, "org-faults", "odoo_it_faults_stop");
            JsonNode created = service.expect(201, "POST", "/api/v1/backups/environments/" + env + "/backups", "{}");
            awaitDumping(service, created);
            Thread.sleep(1000);
            long stopped = System.nanoTime();
            Tools.ok("docker", "stop", env + "_db");
            JsonNode task = service.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(2));
            Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null);
            System.out.println("Database container stopped 1 s in: failed after " + took.toMillis() + " ms: " + backup.get("error_message").asText());
            assertThat(backup.get("status").asText()).isEqualTo("failed");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(task.get("progress").asInt()).isLessThan(70);
            assertThat(backup.get("error_message").asText()).contains("Container " + env + "_db")
                    .contains("start it again (docker start " + env + "_db");
            assertThat(files(service.tmpDir())).isZero();
            assertNothingStored(backup);
        } finally {
            service.call("DELETE", "/api/v1/environments/" + env, null);
            Tools.removeEnvironment(env);
        }
    }

    @Test
    void aFullTempFolder(@TempDir Path mountPoint, @TempDir Path data) throws Exception {
        Tools.ok("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", mountPoint.toString());
        try (ServiceProcess process = ServiceProcess.start(service.instanceSettings(data, mountPoint));
             AutoCloseable elsewhere = service.workElsewhere()) {
            ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
            // too little room for the dump: refused before it starts, saying so
            JsonNode refused = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
            api.awaitTask(refused.get("task_id").asText(), Duration.ofMinutes(2));
            JsonNode backup = api.expect(200, "GET", "/api/v1/backups/" + refused.get("id").asText(), null);
            assertThat(backup.get("status").asText()).isEqualTo("failed");
            assertThat(backup.get("error_message").asText()).startsWith("Not enough room in BACKUP_TMP_DIR (" + mountPoint + ")")
                    .contains("20.0 MB free").contains("Free space there or point BACKUP_TMP_DIR at a larger disk");
            System.out.println("Temp folder too small: " + backup.get("error_message").asText());
            assertThat(files(mountPoint)).isZero();
            assertNothingStored(backup);

            // room enough at the start, then something else fills the disk while the dump is written
            Tools.ok("mount", "-o", "remount,size=200m", mountPoint.toString());
            JsonNode created = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
            awaitDumping(api, created);
            Path filler = mountPoint.resolve("filler");
            Tools.run(List.of("dd", "if=/dev/zero", "of=" + filler, "bs=1M")); // until the disk is full
            api.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(2));
            Files.delete(filler);
            backup = api.expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null);
            assertThat(backup.get("status").asText()).isEqualTo("failed");
            assertThat(backup.get("error_message").asText()).contains("No space left on device");
            System.out.println("Temp folder full: " + backup.get("error_message").asText());
            assertThat(files(mountPoint)).isZero();
            assertNothingStored(backup);

            Tools.ok("mount", "-o", "remount,size=1g", mountPoint.toString()); // space again
            JsonNode next = api.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
            assertThat(api.awaitTask(next.get("task_id").asText(), Duration.ofMinutes(2)).get("status").asText()).isEqualTo("completed");
            assertThat(files(mountPoint)).isZero();

            // a restore that cannot fetch its backup for want of space: failed, the target as it was, nothing left
            Tools.ok("mount", "-o", "remount,size=20m", mountPoint.toString());
            String before = Tools.sourceCounts(ENV, "odoo_it_faults");
            JsonNode restore = api.expect(202, "POST", "/api/v1/backups/" + next.get("id").asText() + "/restore", "{\"pre_restore_backup\":false}");
            JsonNode task = api.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(2));
            assertThat(task.get("status").asText()).isEqualTo("failed");
            assertThat(task.get("message").asText()).contains("No space left on device");
            assertThat(Tools.sourceCounts(ENV, "odoo_it_faults")).isEqualTo(before);
            assertThat(Tools.ok("docker", "exec", ENV + "_db", "psql", "-U", "odoo", "-d", "postgres", "-At", "-c",
                    "SELECT count(*) FROM pg_database WHERE datname LIKE 'odoo_it_faults_%'").strip()).isEqualTo("0");
            assertThat(files(mountPoint)).isZero();
            process.stop();
        } finally {
            Tools.ok("umount", mountPoint.toString());
        }
    }
}
