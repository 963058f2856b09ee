package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.odoobackup.backup.BackupJob;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an organization-scoped token holder would attack it (docs/api.md §2, §3, §7): other
 * organizations' containers, platform operations, reused ids, files left readable, hangs, status races, event
 * streams, time zones, and an instance started with the wrong key. Each case failed before the boundary was built.
 */
class TenantBoundaryIT {

    private static final String A = "org-tenant-a";
    private static final String B = "org-tenant-b";
    private static final Set<String> ALL = Set.of("project.backups.create", "project.backups.view", "project.backups.delete",
            "project.backups.restore", "project.backups.policy", "org.storage.manage", "org.tokens.manage");
    /** Backups of this environment wait at packaging while {@link #hold} is closed. */
    private static final String HELD = "it-tenant-held";
    private static volatile CountDownLatch hold = new CountDownLatch(0);
    private static volatile CountDownLatch reached = new CountDownLatch(1);
    private static TestService service;
    private static ApiClient tenantA;
    private static ApiClient tenantB;
    private static String tenantAId;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment("it-tenant-a", "--org", A, "--files", "20", "--rows", "2000");
        Tools.createEnvironment("it-tenant-b", "--org", B, "--files", "5", "--rows", "50");
        Tools.createEnvironment("it-tenant-bare", "--files", "5", "--rows", "50");
        Tools.createEnvironment(HELD, "--org", A, "--files", "5", "--rows", "50");
        JsonNode issued = token(A, ALL);
        tenantAId = issued.get("id").asText();
        tenantA = new ApiClient(service.baseUrl(), issued.get("token").asText());
        tenantB = new ApiClient(service.baseUrl(), token(B, ALL).get("token").asText());
        tenantA.environment("it-tenant-a", A, "odoo_it_tenant_a");
        tenantA.environment(HELD, A, "odoo_it_tenant_held");
        tenantB.environment("it-tenant-b", B, "odoo_it_tenant_b");
        tenantA.folderStorage(A);
        tenantB.folderStorage(B);
        AdviceWith.adviceWith(service.camel(), "backup-package", route -> route.weaveAddFirst().process(exchange -> {
            if (exchange.getProperty("job", BackupJob.class).getEnvironmentId().equals(HELD)) {
                reached.countDown();
                hold.await(2, TimeUnit.MINUTES);
            }
        }));
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (String id : List.of("it-tenant-a", "it-tenant-b", "it-tenant-bare", HELD, "it-tenant-swap", "it-tenant-reuse",
                "it-tenant-q1", "it-tenant-q2", "it-tenant-q3")) {
            Tools.removeEnvironment(id);
        }
    }

    /** The next backup of the held environment waits at packaging until {@code hold} opens. */
    private static void holdNext() {
        reached = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    private static JsonNode token(String organization, Set<String> permissions) throws Exception {
        return service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"attacker\",\"organization_id\":\"" + organization
                + "\",\"permissions\":[" + permissions.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",")) + "]}");
    }

    private static String environmentBody(String id, String organization, String db, String container) {
        return "{\"id\":\"" + id + "\",\"organization_id\":\"" + organization + "\",\"name\":\"n\",\"db_name\":\"" + db + "\""
                + (container == null ? "" : ",\"db_container\":\"" + container + "_db\",\"odoo_container\":\"" + container + "_odoo\"") + "}";
    }

    private static long count(String sql) throws Exception {
        try (Connection db = service.database(); Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void anOrganizationRegistersOnlyContainersThatCarryItsLabel() throws Exception {
        long environments = count("SELECT count(*) FROM environment");
        JsonNode stolen = tenantA.expect(403, "POST", "/api/v1/environments", environmentBody("it-steal", A, "odoo_it_tenant_b", "it-tenant-b"));
        assertThat(stolen.get("detail").asText()).contains("it-tenant-b_db").contains("odoo-backup.organization=" + A);
        JsonNode unlabelled = tenantA.expect(403, "POST", "/api/v1/environments", environmentBody("it-steal", A, "x", "it-tenant-bare"));
        JsonNode missing = tenantA.expect(403, "POST", "/api/v1/environments", environmentBody("it-steal", A, "x", "no-such-container"));
        assertThat(missing.get("detail").asText().replace("no-such-container", "it-tenant-bare"))
                .as("a missing container and an unlabelled one look alike: no probing of names").isEqualTo(unlabelled.get("detail").asText());
        // the admin may register unlabelled containers, but never another organization's
        service.expect(400, "POST", "/api/v1/environments", environmentBody("it-steal", A, "odoo_it_tenant_b", "it-tenant-b"));
        assertThat(count("SELECT count(*) FROM environment")).isEqualTo(environments);
        service.expect(201, "POST", "/api/v1/environments", environmentBody("it-tenant-bare", A, "odoo_it_tenant_bare", null));
        assertThat(service.backup("it-tenant-bare", "{}").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aContainerSwappedInUnderTheSameNameIsNeverRead() throws Exception {
        Tools.createEnvironment("it-tenant-swap", "--org", A, "--files", "5", "--rows", "50");
        tenantA.environment("it-tenant-swap", A, "odoo_it_tenant_swap");
        assertThat(tenantA.backup("it-tenant-swap", "{}").get("status").asText()).isEqualTo("completed");
        Tools.createEnvironment("it-tenant-swap", "--org", B, "--files", "5", "--rows", "50"); // same names, organization B's now
        JsonNode backup = tenantA.backup("it-tenant-swap", "{}");
        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error_message").asText()).contains("it-tenant-swap_db").contains("does not carry the label")
                .contains("nothing was read");
        assertThat(service.localStorage(A).resolve(backup.get("backup_key").asText())).doesNotExist();
        // nor is anything written into it: a restore of the first backup stops at the same check
        String first = tenantA.expect(200, "GET", "/api/v1/backups/environments/it-tenant-swap/backups?status=completed", null)
                .get("items").get(0).get("id").asText();
        JsonNode restore = tenantA.expect(202, "POST", "/api/v1/backups/" + first + "/restore", "{\"pre_restore_backup\":false}");
        JsonNode task = tenantA.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(2));
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("message").asText()).contains("it-tenant-swap_db").contains("does not carry the label");
    }

    @Test
    void platformOperationsNeedTheAdminTokenWhateverAnOrganizationsTokenHolds() throws Exception {
        JsonNode quota = tenantA.expect(403, "PUT", "/api/v1/organizations/" + A + "/quota", "{\"quota_bytes\":null}");
        assertThat(quota.get("detail").asText()).contains("admin token");
        tenantA.expect(403, "POST", "/api/v1/retention/sweep", null);
        tenantA.expect(403, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"" + A + "\",\"name\":\"Mine\",\"provider\":\"local\",\"base_path\":\"" + service.dataDir() + "\"}");
        ApiClient createOnly = new ApiClient(service.baseUrl(), token(A, Set.of("project.backups.create", "project.backups.view"))
                .get("token").asText());
        JsonNode permanent = createOnly.expect(403, "POST", "/api/v1/backups/environments/it-tenant-a/backups",
                "{\"retention_type\":\"permanent\"}");
        assertThat(permanent.get("detail").asText()).contains("project.backups.policy");
        assertThat(createOnly.backup("it-tenant-a", "{\"retention_type\":\"weekly\"}").get("status").asText()).isEqualTo("completed");
        assertThat(tenantA.backup("it-tenant-a", "{\"retention_type\":\"permanent\"}").get("retention_type").asText()).isEqualTo("permanent");
    }

    @Test
    void anEnvironmentIdTakenOverByAnotherOrganizationShowsNoneOfTheOldBackups() throws Exception {
        Tools.createEnvironment("it-tenant-reuse", "--org", A, "--files", "5", "--rows", "50");
        tenantA.environment("it-tenant-reuse", A, "odoo_it_tenant_reuse");
        JsonNode old = tenantA.backup("it-tenant-reuse", "{}");
        tenantA.expect(204, "DELETE", "/api/v1/environments/it-tenant-reuse", null);
        Tools.createEnvironment("it-tenant-reuse", "--org", B, "--files", "5", "--rows", "50");
        tenantB.environment("it-tenant-reuse", B, "odoo_it_tenant_reuse");
        JsonNode list = tenantB.expect(200, "GET", "/api/v1/backups/environments/it-tenant-reuse/backups", null);
        assertThat(list.get("total").asInt()).isZero();
        assertThat(list.get("items")).isEmpty();
        tenantB.expect(404, "GET", "/api/v1/backups/" + old.get("id").asText(), null);
        tenantB.expect(404, "GET", "/api/v1/backups/" + old.get("id").asText() + "/download", null);
        assertThat(tenantA.expect(200, "GET", "/api/v1/backups/" + old.get("id").asText(), null).get("environment_id").asText())
                .as("a backup keeps its organization when its environment goes").isEqualTo("it-tenant-reuse");
    }

    @Test
    void filesOfABackupInFlightAreTheServicesAlone() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(service.dataDir()))).isEqualTo("rwx------");
        holdNext();
        try {
            JsonNode created = tenantA.expect(201, "POST", "/api/v1/backups/environments/" + HELD + "/backups", "{}");
            assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
            Path work;
            try (Stream<Path> dirs = Files.list(service.tmpDir())) {
                work = dirs.filter(d -> d.getFileName().toString().endsWith(created.get("id").asText())).findFirst().orElseThrow();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(work)) {
                List<Path> all = files.toList();
                assertThat(all).isNotEmpty();
                for (Path file : all) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
                }
            }
            hold.countDown();
            tenantA.awaitTask(created.get("task_id").asText(), Duration.ofMinutes(2));
        } finally {
            hold.countDown();
        }
        Path stored;
        try (Stream<Path> files = Files.walk(service.localStorage(A))) {
            stored = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aLockedTableFailsTheBackupInsteadOfHoldingAWorker() throws Exception {
        try (AutoCloseable lock = Tools.lockTable("it-tenant-a", "odoo_it_tenant_a")) {
            Instant started = Instant.now();
            JsonNode backup = tenantA.backup("it-tenant-a", "{\"include_filestore\":false}");
            assertThat(backup.get("status").asText()).isEqualTo("failed");
            assertThat(backup.get("error_message").asText()).contains("pg_dump could not lock table public.res_partner within 3 seconds");
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(tenantA.backup("it-tenant-a", "{\"include_filestore\":false}").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aBackupFailedAsInterruptedNeverTurnsCompletedAndItsSlowWorkerCleansUp() throws Exception {
        holdNext();
        JsonNode slow;
        try {
            slow = tenantA.expect(201, "POST", "/api/v1/backups/environments/" + HELD + "/backups", "{}");
            String id = slow.get("id").asText();
            awaitStatus(id, "in_progress");
            // its instance seems gone: another took the lease, and let it run out
            try (Connection db = service.database(); Statement s = db.createStatement()) {
                s.executeUpdate("UPDATE backup SET instance_id = 'gone', lease_until = now() - interval '1 minute' WHERE id = '" + id + "'");
            }
            JsonNode failed = awaitStatus(id, "failed");
            assertThat(failed.get("error_message").asText()).contains("interrupted");
            // the environment is free again: a new backup runs beside the slow worker
            hold.countDown();
            hold = new CountDownLatch(0);
        } finally {
            hold.countDown();
        }
        JsonNode next = tenantA.backup(HELD, "{}");
        assertThat(next.get("status").asText()).isEqualTo("completed");
        Await.until("the slow worker ends and removes its files", Duration.ofSeconds(60), () -> workFolders(slow.get("id").asText()),
                left -> left == 0);
        Thread.sleep(1000); // room for a late write of the slow worker, which must not come
        JsonNode after = tenantA.expect(200, "GET", "/api/v1/backups/" + slow.get("id").asText(), null);
        assertThat(after.get("status").asText()).isEqualTo("failed");
        assertThat(after.get("error_message").asText()).contains("interrupted");
        assertThat(tenantA.expect(200, "GET", "/api/v1/tasks/" + slow.get("task_id").asText(), null).get("status").asText()).isEqualTo("failed");
        assertThat(service.localStorage(A).resolve(after.get("backup_key").asText())).doesNotExist();
    }

    private static long workFolders(String backupId) throws Exception {
        try (Stream<Path> dirs = Files.list(service.tmpDir())) {
            return dirs.filter(d -> d.getFileName().toString().endsWith(backupId)).count();
        }
    }

    private static JsonNode awaitStatus(String backupId, String status) throws Exception {
        return Await.until("backup " + backupId + " becomes " + status, Duration.ofSeconds(60), Duration.ofMillis(50),
                () -> service.expect(200, "GET", "/api/v1/backups/" + backupId, null), backup -> backup.get("status").asText().equals(status));
    }

    /** One check per task however many follow it is TaskFeedsTest's; here the cap and the revocation. */
    @Test
    void eventStreamsAreCappedPerTokenAndEndWhenTheTokenIsRevoked() throws Exception {
        JsonNode issued = token(A, Set.of("project.backups.view", "project.backups.create"));
        String follower = issued.get("token").asText();
        holdNext();
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        try {
            JsonNode created = tenantA.expect(201, "POST", "/api/v1/backups/environments/" + HELD + "/backups", "{}");
            String taskId = created.get("task_id").asText();
            awaitStatus(created.get("id").asText(), "in_progress");
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 10; i++) {
                streams.add(http.sendAsync(events(taskId, follower), HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (var stream : streams) {
                assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> eleventh = http.send(events(taskId, follower), HttpResponse.BodyHandlers.ofString());
            assertThat(eleventh.statusCode()).isEqualTo(429);
            assertThat(eleventh.body()).contains("10 event streams");
            HttpResponse<InputStream> admin = http.send(events(taskId, TestService.TOKEN), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(admin.statusCode()).as("another token is not held back").isEqualTo(200);
            admin.body().close();
            service.expect(204, "DELETE", "/api/v1/tokens/" + issued.get("id").asText(), null);
            Instant revoked = Instant.now();
            for (var stream : streams) {
                try (InputStream body = stream.get().body()) {
                    body.readAllBytes(); // returns once the service ends the stream
                }
            }
            assertThat(Duration.between(revoked, Instant.now())).as("streams of a revoked token end").isLessThan(Duration.ofSeconds(10));
            assertThat(tenantA.expect(200, "GET", "/api/v1/tasks/" + taskId, null).get("status").asText())
                    .as("they ended for the revocation, not because the backup did").isEqualTo("running");
            hold.countDown();
            tenantA.awaitTask(taskId, Duration.ofMinutes(2));
        } finally {
            hold.countDown();
        }
    }

    private static HttpRequest events(String taskId, String token) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/tasks/" + taskId + "/events"))
                .header("Authorization", "Bearer " + token).build();
    }

    @Test
    void timeZonesAreIanaRegionIdsOnly() throws Exception {
        for (String zone : List.of("UTC+5", "GMT+5", "+05:00", "Z", "EST", "Mars/Base")) {
            JsonNode refused = tenantA.expect(400, "PUT", "/api/v1/backups/environments/it-tenant-a/policy",
                    "{\"enabled\":true,\"timezone\":\"" + zone + "\"}");
            assertThat(refused.get("detail").asText()).contains("timezone");
        }
        for (String zone : List.of("UTC", "Europe/Berlin", "Etc/GMT+5")) {
            assertThat(tenantA.expect(200, "PUT", "/api/v1/backups/environments/it-tenant-a/policy",
                    "{\"enabled\":false,\"timezone\":\"" + zone + "\"}").get("timezone").asText()).isEqualTo(zone);
        }
    }

    /**
     * On an instance of its own with one worker, a queue of one and a 5-second stall limit: a pg_dump waiting
     * silently on a lock is stalled, and the backup beyond the queue is refused and leaves nothing pending.
     */
    @Test
    void aFullQueueAnswers503AndAStalledDumpFailsWithinTheStallLimit(@TempDir Path data, @TempDir Path tmp) throws Exception {
        for (String id : List.of("it-tenant-q1", "it-tenant-q2", "it-tenant-q3")) {
            Tools.createEnvironment(id, "--org", A, "--files", "5", "--rows", "50");
            tenantA.environment(id, A, "odoo_" + id.replace('-', '_'));
        }
        Map<String, String> settings = service.instanceSettings(data, tmp);
        settings.putAll(Map.of("BACKUP_WORKERS", "1", "BACKUP_QUEUE_LIMIT", "1", "BACKUP_STALL_SECONDS", "5", "BACKUP_LOCK_WAIT_SECONDS", "120"));
        try (ServiceProcess process = ServiceProcess.start(settings); AutoCloseable lock = Tools.lockTable("it-tenant-q1", "odoo_it_tenant_q1");
             AutoCloseable elsewhere = service.workElsewhere()) {
            ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
            JsonNode stuck = api.expect(201, "POST", "/api/v1/backups/environments/it-tenant-q1/backups", "{\"include_filestore\":false}");
            awaitStatus(stuck.get("id").asText(), "in_progress"); // the one worker took it: the queue is empty again
            JsonNode queued = api.expect(201, "POST", "/api/v1/backups/environments/it-tenant-q2/backups", "{}");
            JsonNode refused = api.expect(503, "POST", "/api/v1/backups/environments/it-tenant-q3/backups", "{}");
            assertThat(refused.get("detail").asText()).contains("queue").contains("nothing was started");
            assertThat(api.expect(200, "GET", "/api/v1/backups/environments/it-tenant-q3/backups", null).get("total").asInt()).isZero();
            JsonNode stalled = api.awaitTask(stuck.get("task_id").asText(), Duration.ofMinutes(1));
            assertThat(stalled.get("message").asText()).contains("stalled: no output from pg_dump in container it-tenant-q1_db for 5 seconds");
            assertThat(api.awaitTask(queued.get("task_id").asText(), Duration.ofMinutes(1)).get("status").asText()).isEqualTo("completed");
            JsonNode again = api.expect(201, "POST", "/api/v1/backups/environments/it-tenant-q3/backups", "{}");
            assertThat(api.awaitTask(again.get("task_id").asText(), Duration.ofMinutes(1)).get("status").asText()).isEqualTo("completed");
            process.stop();
        }
    }

    /** Another instance with another BACKUP_SECRET_KEY, or a damaged key file, refuses to start and says why. */
    @Test
    void anInstanceWithoutTheRecordsKeyRefusesToStart(@TempDir Path data, @TempDir Path tmp) throws Exception {
        Map<String, String> settings = service.instanceSettings(data, tmp);
        settings.put("BACKUP_SECRET_KEY", "another-key-than-the-records-were-sealed-with");
        try (ServiceProcess wrong = ServiceProcess.launch(settings)) {
            assertThat(wrong.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(wrong.log()).contains("BACKUP_SECRET_KEY is not the key the records in this database were sealed with")
                    .doesNotContain("another-key-than");
        }
        settings.remove("BACKUP_SECRET_KEY");
        Files.writeString(data.resolve("secret-key"), ""); // a first start killed while writing it, before this version
        try (ServiceProcess damaged = ServiceProcess.launch(settings)) {
            assertThat(damaged.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(damaged.log()).contains("secret-key holds 0 characters");
        }
    }

    /** SIGKILL while a first start writes its keys: afterwards each key file is whole or absent, and it starts again. */
    @Test
    void aFirstStartKilledWhileWritingItsKeysLeavesNoHalfKey(@TempDir Path data, @TempDir Path tmp) throws Exception {
        String database = "odoo_backup_keys_" + Long.toString(System.nanoTime(), 36);
        String url = service.databaseUrl().replaceAll("/[^/]+$", "/" + database);
        try (Connection admin = java.sql.DriverManager.getConnection(url.replaceAll("/[^/]+$", "/postgres"), "postgres", "");
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Map<String, String> settings = Map.of("BACKUP_DB_URL", url, "BACKUP_DB_USER", "postgres", "BACKUP_DATA_DIR", data.toString(),
                "BACKUP_TMP_DIR", tmp.toString());
        try {
            try (ServiceProcess first = ServiceProcess.launch(settings)) {
                Await.until("the first start writes its key", Duration.ofSeconds(60), Duration.ofMillis(1),
                        () -> Files.exists(data.resolve("secret-key")), written -> written);
                first.kill();
            }
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
            for (String key : List.of("secret-key", "admin-token", "instance-id")) {
                Path file = data.resolve(key);
                if (Files.exists(file)) {
                    assertThat(Files.readString(file).trim().length()).as(key).isGreaterThanOrEqualTo(12);
                }
            }
            try (ServiceProcess again = ServiceProcess.start(settings)) {
                assertThat(again.stop()).isIn(0, 130, 143);
            }
        } finally {
            try (Connection admin = java.sql.DriverManager.getConnection(url.replaceAll("/[^/]+$", "/postgres"), "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
