package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A second Docker Engine on this machine, reached over TCP with mutual TLS (scripts/infra.sh docker2), as a second
 * server of the platform: backups, restores and restore checks of an environment there; a host whose CA is wrong is
 * down and refused; a tenant may name only a host open to it; at most max_concurrent work items touch a host at once;
 * a host that stops fails its environments' work at once, naming it, while the others complete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerHostsIT {

    private static final String ORG = "org-hosts";
    private static final String OTHER_ORG = "org-hosts-other";
    private static final Path TLS = Path.of(".infra/docker2/tls").toAbsolutePath();
    private static final String URL = "tcp://127.0.0.1:" + System.getenv().getOrDefault("DOCKER2_PORT", "18423");
    private static final Map<String, String> SECOND = Map.of("DOCKER_HOST", URL, "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", TLS.toString());
    private static TestService service;
    private static ApiClient tenant;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.ok(List.of("scripts/infra.sh", "docker2"), Map.of()); // (again) when an earlier test stopped it
        Tools.ok(List.of("scripts/test-env.sh", "create", "it-far", "--org", ORG, "--files", "10", "--rows", "300"), SECOND);
        Tools.createEnvironment("it-near", "--org", ORG, "--files", "5", "--rows", "100");
        tenant = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"hosts\",\"organization_id\":\""
                + ORG + "\",\"permissions\":[\"project.backups.create\",\"project.backups.view\",\"project.backups.restore\","
                + "\"project.backups.policy\",\"org.storage.manage\"]}").get("token").asText());
        tenant.folderStorage(ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.run(List.of("scripts/test-env.sh", "remove", "it-far"), SECOND);
        Tools.removeEnvironment("it-near");
    }

    private static String host(String id, String ca, int maxConcurrent, String organizations) throws Exception {
        return ("{\"id\":\"%s\",\"name\":\"Second server\",\"url\":\"%s\",\"tls_ca\":%s,\"tls_cert\":%s,\"tls_key\":%s,"
                + "\"max_concurrent\":%d,\"organizations\":%s}").formatted(id, URL, quoted(TLS.resolve(ca)), quoted(TLS.resolve("client-cert.pem")),
                quoted(TLS.resolve("client-key.pem")), maxConcurrent, organizations);
    }

    private static String quoted(Path pem) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Files.readString(pem));
    }

    @Test
    @Order(2)
    void anEnvironmentOnASecondEngineOverMutualTlsIsBackedUpRestoredAndChecked() throws Exception {
        second(2);
        JsonNode second = service.expect(200, "GET", "/api/v1/docker-hosts/second", null);
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("up");
        assertThat(second.get("tls_key").asText()).isEqualTo("****");
        assertThat(second.toString()).doesNotContain("PRIVATE KEY");
        // only the admin manages hosts; a tenant names only a host open to its organization
        assertThat(tenant.call("GET", "/api/v1/docker-hosts", null).statusCode()).isEqualTo(403);
        JsonNode unknown = tenant.expect(400, "POST", "/api/v1/environments", environment("it-far-x", "nope"));
        assertThat(unknown.get("detail").asText()).contains("nope").contains("not open to organization");
        service.expect(201, "POST", "/api/v1/docker-hosts", host("second-closed", "ca.pem", 2, "[\"" + OTHER_ORG + "\"]"));
        tenant.expect(400, "POST", "/api/v1/environments", environment("it-far-x", "second-closed"));
        tenant.expect(201, "POST", "/api/v1/environments", environment("it-far", "second"));

        JsonNode backup = tenant.backup("it-far", "{}");
        assertThat(backup.get("status").asText()).as(backup.get("error_message").asText()).isEqualTo("completed");
        String fingerprint = Tools.ok(List.of("docker", "exec", "it-far_db", "psql", "-U", "odoo", "-d", "odoo_it_far", "-At", "-c",
                Tools.COUNTS), SECOND);
        Tools.ok(List.of("docker", "exec", "it-far_db", "psql", "-U", "odoo", "-d", "odoo_it_far", "-c", "DELETE FROM res_partner WHERE id > 10"), SECOND);
        JsonNode restore = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{}");
        JsonNode restored = tenant.awaitTask(restore.get("task_id").asText(), Duration.ofMinutes(3));
        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("completed");
        assertThat(Tools.ok(List.of("docker", "exec", "it-far_db", "psql", "-U", "odoo", "-d", "odoo_it_far", "-At", "-c", Tools.COUNTS), SECOND))
                .as("the rows are back, read with psql on the second engine").isEqualTo(fingerprint);
        JsonNode check = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/verify-restore", null);
        assertThat(tenant.awaitTask(check.get("task_id").asText(), Duration.ofMinutes(3)).get("status").asText()).isEqualTo("completed");
        assertThat(tenant.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("restore_check").get("ok").asBoolean())
                .isTrue();
        // the second engine's own containers ran none of it on this machine's default engine
        assertThat(Tools.run(List.of("docker", "inspect", "it-far_db"), Map.of()).exitCode()).isNotZero();
    }

    @Test
    @Order(1)
    void aHostWhoseCertificateDoesNotMatchItsCaIsDownAndItsWorkFailsNamingIt() throws Exception {
        JsonNode wrong = service.expect(201, "POST", "/api/v1/docker-hosts", host("wrong-ca", "other-ca.pem", 2, "[]"));
        assertThat(wrong.get("status").asText()).isEqualTo("down");
        assertThat(wrong.get("last_error").asText()).containsIgnoringCase("certificat");
        // registration cannot inspect its containers there: refused, saying why
        JsonNode refused = service.expect(502, "POST", "/api/v1/environments", environment("it-far-wrong", "wrong-ca"));
        assertThat(refused.get("detail").asText()).contains("wrong-ca");
        service.expect(204, "DELETE", "/api/v1/docker-hosts/wrong-ca", null);
    }

    @Test
    @Order(3)
    void noMoreThanMaxConcurrentItemsTouchAHostAndAStoppedHostFailsOnlyItsOwnWork() throws Exception {
        second(1);
        List<String> far = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            far.add("it-far-" + i);
            tenant.expect(201, "POST", "/api/v1/environments", environment("it-far-" + i, "second"));
        }
        tenant.expect(201, "POST", "/api/v1/environments", "{\"id\":\"it-near\",\"organization_id\":\"" + ORG
                + "\",\"name\":\"Near\",\"db_name\":\"odoo_it_near\"}");
        AtomicLong peak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            try (Connection db = service.database()) {
                while (sampling.get()) {
                    peak.accumulateAndGet(FleetIT.count(db, "SELECT count(*) FROM work_item WHERE status = 'running'"
                            + " AND docker_host_id = 'second'"), Math::max);
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sampler.start();
        List<JsonNode> started = new ArrayList<>();
        for (String id : far) {
            started.add(tenant.expect(201, "POST", "/api/v1/backups/environments/" + id + "/backups", "{\"include_filestore\":false}"));
        }
        JsonNode near = tenant.expect(201, "POST", "/api/v1/backups/environments/it-near/backups", "{}");
        for (JsonNode backup : started) {
            assertThat(tenant.awaitTask(backup.get("task_id").asText(), Duration.ofMinutes(3)).get("status").asText()).isEqualTo("completed");
        }
        assertThat(tenant.awaitTask(near.get("task_id").asText(), Duration.ofMinutes(3)).get("status").asText()).isEqualTo("completed");
        sampling.set(false);
        sampler.join();
        assertThat(peak.get()).as("work items on host 'second' at once").isEqualTo(1);

        // the second engine stops: its environments' backups fail at once naming it; the default host's complete
        String pid = Files.readString(Path.of(".infra/docker2/dockerd.pid")).trim();
        Tools.ok("kill", pid);
        try {
            Await.until("the second engine has exited", Duration.ofSeconds(60), () -> Tools.run(List.of("kill", "-0", pid)).exitCode(),
                    code -> code != 0);
            long before = System.nanoTime();
            JsonNode down = tenant.expect(201, "POST", "/api/v1/backups/environments/it-far-0/backups", "{}");
            JsonNode failed = tenant.awaitTask(down.get("task_id").asText(), Duration.ofMinutes(1));
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("message").asText()).contains("Docker host second does not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
            assertThat(tenant.backup("it-near", "{\"include_filestore\":false}").get("status").asText()).isEqualTo("completed");
            JsonNode status = Await.until("the host is reported down", Duration.ofSeconds(30),
                    () -> service.expect(200, "GET", "/api/v1/docker-hosts/second", null), h -> "down".equals(h.path("status").asText()));
            assertThat(status.get("last_error").asText()).isNotBlank();
        } finally {
            Tools.ok(List.of("scripts/infra.sh", "docker2"), Map.of());
        }
    }

    /** An environment record of the containers of it-far (on the second engine). */
    private static String environment(String id, String hostId) {
        return ("{\"id\":\"%s\",\"organization_id\":\"%s\",\"name\":\"Far\",\"db_name\":\"odoo_it_far\",\"db_container\":\"it-far_db\","
                + "\"odoo_container\":\"it-far_odoo\",\"docker_host_id\":\"%s\"}").formatted(id, ORG, hostId);
    }

    /** The host 'second' (the second engine, open to ORG), registered once whichever test comes first. */
    private static void second(int maxConcurrent) throws Exception {
        int status = service.call("POST", "/api/v1/docker-hosts", host("second", "ca.pem", maxConcurrent, "[\"" + ORG + "\"]")).statusCode();
        assertThat(status).isIn(201, 409);
        service.expect(200, "PATCH", "/api/v1/docker-hosts/second", "{\"max_concurrent\":" + maxConcurrent + "}");
    }
}
