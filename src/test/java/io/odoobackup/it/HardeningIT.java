package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second hardening pass, each case as a hostile tenant or a careless admin would try it: a tenant's own storage
 * handing back another object must not freeze the API for everyone; an environment id that another organization
 * registered after a delete never receives the old organization's data, whoever asks; a pin or TLS is never dropped
 * without the secret; storage never points at this machine's own addresses; the restore helper never has more rights
 * than the Odoo container; the management port stays on this machine and names no SQL.
 */
class HardeningIT {

    private static final String ORG = "org-hard";
    private static final String OTHER_ORG = "org-hard-other";
    private static final String ENV = "it-hard";
    private static final String NEIGHBOUR = "it-hard-neighbour";
    private static TestService service;
    private static ApiClient tenant;
    private static ApiClient neighbour;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        service.testEnvironment(ENV, ORG, "odoo_it_hard", "--files", "20", "--rows", "200");
        service.testEnvironment(NEIGHBOUR, OTHER_ORG, "odoo_it_hard_neighbour", "--files", "5", "--rows", "20");
        tenant = tokenFor(ORG);
        neighbour = tokenFor(OTHER_ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Tools.removeEnvironment(NEIGHBOUR);
    }

    private static ApiClient tokenFor(String organization) throws Exception {
        return new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"hard\",\"organization_id\":\""
                + organization + "\",\"permissions\":[\"project.backups.create\",\"project.backups.view\",\"project.backups.restore\","
                + "\"project.backups.policy\",\"project.backups.delete\",\"org.storage.manage\"]}").get("token").asText());
    }

    /** Case 1: ten downloads of an object its storage hands back changed end at once; everybody else is answered meanwhile. */
    @Test
    void hostileDownloadsEndAtOnceAndNeverFreezeTheApi() throws Exception {
        JsonNode backup = tenant.backup(ENV, "{}");
        Path stored = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
        byte[] noise = new byte[(int) Files.size(stored)];
        new SecureRandom().nextBytes(noise);
        Files.write(stored, noise); // the recorded size, other bytes: not even a ZIP

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<byte[]>>> hostile = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            hostile.add(http.sendAsync(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/" + backup.get("id").asText()
                    + "/download" + (i % 2 == 0 ? "?format=odoo" : ""))).header("Authorization", "Bearer " + TestService.TOKEN)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        // meanwhile another organization's calls answer within a second each
        List<Long> slowest = Collections.synchronizedList(new ArrayList<>());
        while (hostile.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30)) {
            for (String path : List.of("/api/v1/environments", "/api/v1/backups/storage-configs",
                    "/api/v1/organizations/" + OTHER_ORG + "/quota")) {
                long t0 = System.nanoTime();
                assertThat(neighbour.call("GET", path, null).statusCode()).isEqualTo(200);
                slowest.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }
        }
        CompletableFuture.allOf(hostile.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(took).as("all ten hostile downloads ended").isLessThan(10_000);
        for (int i = 0; i < hostile.size(); i++) {
            // no wrong file ever arrives whole: the Odoo export fails before its first byte (502, problem JSON); the
            // stored ZIP streams and is broken off before its last byte (its checksum); or the per-organization bound (429)
            try {
                HttpResponse<byte[]> answer = hostile.get(i).get();
                assertThat(answer.statusCode()).as(new String(answer.body())).isIn(i % 2 == 0 ? List.of(502, 429) : List.of(429));
                assertThat(new String(answer.body())).contains("\"status\"");
            } catch (java.util.concurrent.ExecutionException broken) {
                assertThat(i % 2).as("only a whole-ZIP download breaks off: " + broken.getCause()).isEqualTo(1);
                assertThat(broken.getCause()).isInstanceOf(IOException.class);
            }
        }
        assertThat(Collections.max(slowest)).as("the slowest of %d other calls, ms", slowest.size()).isLessThan(1000);

        // a damaged byte past the start: the export begins, then breaks off; the client never gets an end
        JsonNode second = tenant.backup(ENV, "{}");
        Path secondStored = service.localStorage(ORG).resolve(second.get("backup_key").asText());
        try (var file = java.nio.channels.FileChannel.open(secondStored, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var one = java.nio.ByteBuffer.allocate(1);
            long at = Files.size(secondStored) / 2;
            file.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            file.write(one, at);
        }
        CompletableFuture<HttpResponse<byte[]>> broken = http.sendAsync(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/backups/" + second.get("id").asText() + "/download?format=odoo"))
                .header("Authorization", "Bearer " + TestService.TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThatThrownBy(() -> broken.get(15, TimeUnit.SECONDS)).as("a broken transfer, not a whole wrong file")
                .hasCauseInstanceOf(IOException.class);
        // and the service still streams a sound backup
        JsonNode sound = neighbour.backup(NEIGHBOUR, "{}");
        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/"
                + sound.get("id").asText() + "/download")).header("Authorization", "Bearer " + TestService.TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Transfer-Encoding")).as("a length or chunks, never both").isEmpty();
        assertThat(ok.body()).hasSize(sound.get("compressed_size").asInt());
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/"
                + sound.get("id").asText() + "/download")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(sound.get("compressed_size").asText());
    }

    /**
     * Case 2: organization A's environment is deleted and B registers its own under the same id; neither a restore check,
     * nor a restore, nor the recovery of an interrupted restore puts A's data into B's containers, the admin asking.
     */
    @Test
    void anEnvironmentIdTakenOverByAnotherOrganizationNeverReceivesTheOldBackups() throws Exception {
        String reused = "it-hard-reused";
        service.testEnvironment(reused, ORG, "odoo_it_hard_reused", "--files", "5", "--rows", "30");
        try {
            JsonNode old = service.backup(reused, "{}");
            assertThat(old.get("status").asText()).isEqualTo("completed");
            service.expect(204, "DELETE", "/api/v1/environments/" + reused, null);
            Tools.createEnvironment(reused, "--org", OTHER_ORG, "--files", "3", "--rows", "5");
            neighbour.environment(reused, OTHER_ORG, "odoo_it_hard_reused");
            String before = databases(reused);

            JsonNode check = service.expect(400, "POST", "/api/v1/backups/" + old.get("id").asText() + "/verify-restore", null);
            assertThat(check.get("detail").asText()).contains("another organization");
            JsonNode restore = service.expect(400, "POST", "/api/v1/backups/" + old.get("id").asText() + "/restore", "{}");
            assertThat(restore.get("detail").asText()).contains("another organization");
            assertThat(databases(reused)).isEqualTo(before);
            assertThat(neighbour.expect(200, "GET", "/api/v1/environments/" + reused + "/restores", null).get("total").asInt()).isZero();

            // an interrupted restore of A's backup into "reused", as a dead instance would have left it mid-swap
            String started = Tools.ok("docker", "inspect", "-f", "{{.State.StartedAt}}", reused + "_odoo");
            String restoreId = UUID.randomUUID().toString();
            String taskId = UUID.randomUUID().toString();
            try (Connection c = service.database()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO restore (id, kind, organization_id, backup_id,"
                        + " target_environment_id, task_id, status, stage, include_filestore, pre_restore_backup, db_name, new_db_name,"
                        + " old_db_name, filestore_path, new_filestore_path, old_filestore_path, instance_id, lease_until)"
                        + " VALUES (?, 'restore', ?, ?, ?, ?, 'running', 'swapped', true, false, 'odoo_it_hard_reused',"
                        + " 'odoo_it_hard_reused_restore_x', 'odoo_it_hard_reused_old_x', '/var/lib/odoo/filestore/odoo_it_hard_reused',"
                        + " '/var/lib/odoo/filestore/odoo_it_hard_reused.restore-x', '/var/lib/odoo/filestore/odoo_it_hard_reused.old-x',"
                        + " 'a-dead-instance', now() - interval '1 minute')")) {
                    ps.setString(1, restoreId);
                    ps.setString(2, ORG);
                    ps.setString(3, old.get("id").asText());
                    ps.setString(4, reused);
                    ps.setString(5, taskId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO task (id, task_type, status, progress, message,"
                        + " organization_id, environment_id, restore_id) VALUES (?, 'restore', 'running', 90, 'Swapping', ?, ?, ?)")) {
                    ps.setString(1, taskId);
                    ps.setString(2, ORG);
                    ps.setString(3, reused);
                    ps.setString(4, restoreId);
                    ps.executeUpdate();
                }
            }
            JsonNode recovered = Await.until("the interrupted restore is ended", Duration.ofSeconds(30),
                    () -> service.expect(200, "GET", "/api/v1/restores/" + restoreId, null), r -> !r.get("status").asText().equals("running"));
            assertThat(recovered.get("status").asText()).isEqualTo("failed");
            assertThat(recovered.get("error_message").asText()).contains("another organization").contains("Nothing in that environment");
            assertThat(Tools.ok("docker", "inspect", "-f", "{{.State.StartedAt}}", reused + "_odoo")).as("B's Odoo never stopped").isEqualTo(started);
            assertThat(databases(reused)).isEqualTo(before);
            assertThat(service.expect(200, "GET", "/api/v1/tasks/" + taskId, null).get("status").asText()).isEqualTo("failed");
        } finally {
            Tools.removeEnvironment(reused);
        }
    }

    private static String databases(String environment) throws Exception {
        return Tools.ok("docker", "exec", environment + "_db", "psql", "-U", "odoo", "-d", "postgres", "-At", "-c",
                "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database");
    }

    /** Case 3: an SFTP pin is neither dropped nor replaced by a PATCH; a new key is trusted only through its own call, with the secret. */
    @Test
    void anSftpPinChangesOnlyThroughTrustHostKeyWithThePassword() throws Exception {
        String base = "/data/hard-" + Long.toString(System.nanoTime(), 36);
        String id = tenant.expect(201, "POST", "/api/v1/backups/storage-configs", ("{\"organization_id\":\"%s\",\"name\":\"Sftp\","
                + "\"provider\":\"sftp\",\"ftp_host\":\"127.0.0.1\",\"ftp_port\":%d,\"ftp_username\":\"%s\",\"ftp_password\":\"%s\","
                + "\"ftp_base_path\":\"%s\"}").formatted(ORG, Tools.SFTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, base)).get("id").asText();
        String path = "/api/v1/backups/storage-configs/" + id;
        assertThat(tenant.expect(200, "POST", path + "/test", null).get("success").asBoolean()).isTrue();
        String serverKey = Tools.ok("ssh-keygen", "-lf", Path.of(".infra/ssh_host_ed25519_key.pub").toAbsolutePath().toString()).split(" ")[1];
        assertThat(tenant.expect(200, "GET", path, null).get("sftp_host_key_fingerprint").asText()).isEqualTo(serverKey);

        // no stored backup yet: a change of the pin needs the password
        assertThat(tenant.expect(400, "PATCH", path, "{\"sftp_host_key_fingerprint\":null}").get("detail").asText()).contains("ftp_password");
        JsonNode backup = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\"}");
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        // with a stored backup: not even with it
        tenant.expect(409, "PATCH", path, "{\"sftp_host_key_fingerprint\":null,\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"}");
        tenant.expect(409, "PATCH", path, "{\"sftp_host_key_fingerprint\":\"SHA256:" + "A".repeat(43) + "\",\"ftp_password\":\""
                + Tools.FTP_PASSWORD + "\"}");
        assertThat(tenant.expect(200, "GET", path, null).get("sftp_host_key_fingerprint").asText()).isEqualTo(serverKey);

        // the trust call: the secret again, the key shown first, then trusted as shown
        tenant.expect(400, "POST", path + "/trust-host-key", "{}");
        tenant.expect(400, "POST", path + "/trust-host-key", "{\"ftp_password\":\"not-the-password\"}");
        JsonNode shown = tenant.expect(200, "POST", path + "/trust-host-key", "{\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"}");
        assertThat(shown.get("fingerprint").asText()).isEqualTo(serverKey);
        assertThat(shown.get("trusted").asBoolean()).isFalse();
        tenant.expect(409, "POST", path + "/trust-host-key", "{\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\",\"fingerprint\":\"SHA256:"
                + "A".repeat(43) + "\"}");
        JsonNode trusted = tenant.expect(200, "POST", path + "/trust-host-key", "{\"ftp_password\":\"" + Tools.FTP_PASSWORD
                + "\",\"fingerprint\":\"" + serverKey + "\"}");
        assertThat(trusted.get("trusted").asBoolean()).isTrue();
        assertThat(tenant.expect(200, "GET", path, null).get("sftp_host_key_fingerprint").asText()).isEqualTo(serverKey);
        assertThat(trusted.toString()).doesNotContain(Tools.FTP_PASSWORD);
        tenant.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
    }

    /** Case 4: FTPS is not turned off, nor encryption changed, without the secret, and not at all while backups use the configuration. */
    @Test
    void tlsAndEncryptionAreNotWeakenedWithoutTheSecret() throws Exception {
        String base = "/data/hard-tls-" + Long.toString(System.nanoTime(), 36);
        String id = tenant.expect(201, "POST", "/api/v1/backups/storage-configs", ("{\"organization_id\":\"%s\",\"name\":\"Ftps\","
                + "\"provider\":\"ftp\",\"ftp_host\":\"127.0.0.1\",\"ftp_port\":%d,\"ftp_username\":\"%s\",\"ftp_password\":\"%s\","
                + "\"ftp_base_path\":\"%s\",\"ftp_use_ssl\":true,\"encryption\":\"age\"}")
                .formatted(ORG, Tools.FTP_PORT, Tools.FTP_USER, Tools.FTP_PASSWORD, base)).get("id").asText();
        String path = "/api/v1/backups/storage-configs/" + id;
        assertThat(tenant.expect(400, "PATCH", path, "{\"ftp_use_ssl\":false}").get("detail").asText()).contains("ftp_password");
        tenant.expect(400, "PATCH", path, "{\"encryption\":\"none\"}");
        tenant.expect(400, "PATCH", path, "{\"age_recipients\":[\"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\"]}");
        JsonNode backup = tenant.backup(ENV, "{\"storage_config_id\":\"" + id + "\",\"include_filestore\":false}");
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        tenant.expect(409, "PATCH", path, "{\"ftp_use_ssl\":false,\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"}");
        tenant.expect(409, "PATCH", path, "{\"encryption\":\"none\",\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"}");
        JsonNode unchanged = tenant.expect(200, "GET", path, null);
        assertThat(unchanged.get("ftp_use_ssl").asBoolean()).isTrue();
        assertThat(unchanged.get("encryption").asText()).isEqualTo("age");
        // what stays free: the name and the secret itself
        assertThat(tenant.expect(200, "PATCH", path, "{\"name\":\"Renamed\"}").get("name").asText()).isEqualTo("Renamed");
        tenant.expect(204, "DELETE", "/api/v1/backups/" + backup.get("id").asText(), null);
    }

    /** Case 5: an address of this machine's own interfaces (not loopback) is no storage endpoint, also one added while running. */
    @Test
    void storageNeverPointsAtThisMachinesOwnAddresses() throws Exception {
        InetAddress own = ownAddress();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(own, 0));
            new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }).start();
            String host = own.getHostAddress();
            JsonNode s3 = tenant.expect(400, "POST", "/api/v1/backups/storage-configs", ("{\"organization_id\":\"%s\",\"name\":\"Self\","
                    + "\"provider\":\"minio\",\"bucket\":\"hostile-bucket\",\"endpoint_url\":\"http://%s:%d\",\"access_key\":\"a\",\"secret_key\":\"s\"}")
                    .formatted(ORG, host, server.getLocalPort()));
            assertThat(s3.get("detail").asText()).contains(host).contains("own network interfaces");
            tenant.expect(400, "POST", "/api/v1/backups/storage-configs", ("{\"organization_id\":\"%s\",\"name\":\"Self\","
                    + "\"provider\":\"ftp\",\"ftp_host\":\"%s\",\"ftp_port\":%d,\"ftp_username\":\"u\",\"ftp_password\":\"p\"}")
                    .formatted(ORG, host, server.getLocalPort()));
            assertThat(connections.get()).as("nothing connected to the address").isZero();
        }

        // an address this machine gains while the service runs is refused within seconds of it
        String added = "198.51.100.77";
        String ftp = ("{\"organization_id\":\"%s\",\"name\":\"Later\",\"provider\":\"ftp\",\"ftp_host\":\"%s\",\"ftp_username\":\"u\","
                + "\"ftp_password\":\"p\"}").formatted(ORG, added);
        String accepted = tenant.expect(201, "POST", "/api/v1/backups/storage-configs", ftp).get("id").asText();
        tenant.expect(204, "DELETE", "/api/v1/backups/storage-configs/" + accepted, null);
        Tools.ok("ip", "addr", "add", added + "/32", "dev", "lo");
        try {
            Await.until("the new address is refused", Duration.ofSeconds(20),
                    () -> tenant.call("POST", "/api/v1/backups/storage-configs", ftp), answer -> answer.statusCode() == 400);
        } finally {
            Tools.run(List.of("ip", "addr", "del", added + "/32", "dev", "lo"));
        }
    }

    /** The first IPv4 address of this machine that is neither loopback nor link-local. */
    private static InetAddress ownAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address;
                }
            }
        }
        throw new AssertionError("this machine has no non-loopback IPv4 address to test with");
    }

    /** Case 8: the helper that renames the filestore during a restore copies the Odoo container's limits and runs sleep. */
    @Test
    void theRestoreHelperHasNoMoreRightsThanTheOdooContainer() throws Exception {
        String hardened = "it-hard-helper";
        service.testEnvironment(hardened, ORG, "odoo_it_hard_helper", "--files", "5", "--rows", "20", "--hardened");
        Map<String, String> helpers = new ConcurrentHashMap<>();
        Process events = new ProcessBuilder("docker", "events", "--filter", "label=odoo-backup.role=restore-helper", "--filter",
                "event=start", "--format", "{{.Actor.ID}}").start();
        // each helper is inspected as soon as it starts: it lives only while the filestore is renamed
        Thread inspector = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(events.getInputStream()))) {
                for (String id; (id = lines.readLine()) != null; ) {
                    Tools.Result seen = Tools.run(List.of("docker", "inspect", "-f", "{{json .HostConfig.CapDrop}} {{.HostConfig.ReadonlyRootfs}}"
                            + " {{json .HostConfig.SecurityOpt}} {{json .Config.Entrypoint}} {{json .Config.Cmd}}", id));
                    helpers.put(id, seen.exitCode() == 0 ? seen.output().strip() : "gone before it was inspected");
                }
            } catch (Exception ended) {
                // the events stream is stopped below
            }
        });
        inspector.start();
        try {
            Thread.sleep(500); // docker events subscribes
            JsonNode backup = service.backup(hardened, "{}");
            JsonNode restore = service.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore",
                    "{\"pre_restore_backup\":false}");
            JsonNode task = service.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(2));
            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("completed");
            Await.until("the helper is seen", Duration.ofSeconds(10), () -> Map.copyOf(helpers), seen -> !seen.isEmpty());
        } finally {
            events.destroy();
            inspector.join(5000);
        }
        assertThat(helpers.values()).allSatisfy(config -> assertThat(config)
                .contains("AUDIT_WRITE").contains("MKNOD").contains("NET_RAW")
                .contains(" true ").contains("no-new-privileges:true").contains("[\"sleep\"]").contains("[\"600\"]"));
        // the image's entrypoint ran for the Odoo container (at its start and restart), never for a helper
        String odooHost = Tools.ok("docker", "inspect", "-f", "{{.Config.Hostname}}", hardened + "_odoo").strip();
        assertThat(Tools.ok("docker", "exec", hardened + "_odoo", "cat", "/var/lib/odoo/.entrypoint-ran").lines().distinct().toList())
                .containsExactly(odooHost);
        Tools.removeEnvironment(hardened);
    }

    /** Case 9: the management port listens on this machine only; metrics name no SQL, and can ask for a token and leave out environments. */
    @Test
    void theManagementPortStaysHomeAndItsMetricsTellNoSecrets(@TempDir Path data, @TempDir Path tmp) throws Exception {
        int port = Integer.parseInt(service.camel().resolvePropertyPlaceholders("{{backup.management.port}}"));
        InetAddress own = ownAddress();
        assertThatThrownBy(() -> new Socket(own, port).close()).as("not on " + own.getHostAddress()).isInstanceOf(IOException.class);
        service.expect(200, "POST", "/api/v1/retention/sweep", null); // runs the routes whose statements are inline
        HttpClient http = HttpClient.newHttpClient();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("routeId=\"backup-execute\"").doesNotContainIgnoringCase("select ")
                .doesNotContain("sql:").doesNotContain("endpointName");

        Map<String, String> settings = service.instanceSettings(data, tmp);
        settings.put("BACKUP_METRICS_TOKEN", "metrics-token-123");
        settings.put("BACKUP_METRICS_ENVIRONMENT_LABELS", "false");
        try (ServiceProcess process = ServiceProcess.start(settings)) {
            URI url = URI.create(process.managementUrl() + "/observe/metrics");
            assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer metrics-token-123").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("odoo_backup_last_success_timestamp_seconds").doesNotContain("environment_id=");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(process.managementUrl() + "/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("health needs no token").isEqualTo(200);
            process.stop();
        }
    }
}
