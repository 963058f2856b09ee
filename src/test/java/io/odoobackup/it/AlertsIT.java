package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.odoobackup.storage.TcpProxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts that reach people, through real servers on this machine: an SMTP server (npm smtp-server, STARTTLS with a
 * login) that writes what it receives to a folder, and an HTTP receiver that checks each webhook's HMAC signature.
 * Two failed backups in a row say so once by mail and once by webhook, a success after them says resolved; an
 * environment that never had a backup trips the dead man's switch; a failed restore check alerts; an alert opened by
 * an instance killed before it could send is sent once by the next; a wrong SMTP password is said without the password.
 */
class AlertsIT {

    private static final String ORG = "org-alerts";
    private static final String ENV = "it-alerts";
    private static final String SMTP_USER = "alerts";
    private static final String SMTP_PASSWORD = "smtp-secret-0815";
    private static final String WEBHOOK_SECRET = "hook-secret-4711";
    private static final Path TLS = Path.of(".infra/docker2/tls").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Received> HOOKS = new CopyOnWriteArrayList<>();
    private static TestService service;
    private static ApiClient tenant;
    private static Process smtp;
    private static HttpServer hooks;
    private static Path mail;
    private static int smtpPort;

    /** One webhook request: its body and whether its signature matched the body under the secret. */
    record Received(JsonNode body, boolean signed) {
    }

    @BeforeAll
    static void setUp(@TempDir Path tmp) throws Exception {
        service = TestService.shared();
        service.testEnvironment(ENV, ORG, "odoo_it_alerts", "--files", "5", "--rows", "50");
        tenant = new ApiClient(service.baseUrl(), service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"alerts\",\"organization_id\":\""
                + ORG + "\",\"permissions\":[\"project.backups.create\",\"project.backups.view\",\"project.backups.policy\","
                + "\"org.notifications.manage\"]}").get("token").asText());
        mail = Files.createDirectories(tmp.resolve("mail"));
        smtpPort = Tools.freePort();
        smtp = startSmtp(smtpPort, mail);
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Odoo-Backup-Signature");
            HOOKS.add(new Received(JSON.readTree(body), ("sha256=" + Tools.hmacSha256(WEBHOOK_SECRET, body)).equals(signature)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        smtp.destroy();
        hooks.stop(0);
        Tools.removeEnvironment(ENV);
    }

    static Process startSmtp(int port, Path folder) throws Exception {
        Process process = new ProcessBuilder("node", "receiver.mjs", Integer.toString(port), TLS.resolve("server-key.pem").toString(),
                TLS.resolve("server-cert.pem").toString(), SMTP_USER, SMTP_PASSWORD, folder.toString())
                .directory(Path.of("src/test/smtp").toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolveSibling("smtp-" + port + ".log").toFile()).start();
        Await.until("the SMTP server listens on " + port, Duration.ofSeconds(30), () -> {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        }, up -> up);
        return process;
    }


    static String emailChannel(int port, String password) throws Exception {
        return "{\"kind\":\"email\",\"name\":\"Ops mail\",\"smtp_host\":\"127.0.0.1\",\"smtp_port\":" + port + ",\"smtp_security\":\"starttls\","
                + "\"smtp_username\":\"" + SMTP_USER + "\",\"smtp_password\":\"" + password + "\",\"smtp_ca\":"
                + JSON.writeValueAsString(Files.readString(TLS.resolve("ca.pem"))) + ",\"from\":\"backup@example.com\",\"to\":[\"ops@example.com\"]}";
    }

    private static String webhookChannel() {
        return "{\"kind\":\"webhook\",\"name\":\"Ops hook\",\"url\":\"http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook\","
                + "\"secret\":\"" + WEBHOOK_SECRET + "\",\"style\":\"json\"}";
    }

    /** The e-mails received whose text contains {@code words}. */
    static List<String> mails(Path folder, String words) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).filter(m -> m.replaceAll("=\r?\n", "").contains(words)).toList();
        }
    }

    private static List<Received> hooks(String rule, String subject, String status) {
        return HOOKS.stream().filter(h -> h.body().path("rule").asText().equals(rule) && h.body().path("subject").asText().equals(subject)
                && h.body().path("status").asText().equals(status)).toList();
    }

    @Test
    void failuresInARowAreSaidOnceByMailAndWebhookAndTheirEndIsSaidToo() throws Exception {
        String base = "/api/v1/organizations/" + ORG + "/notification-channels";
        JsonNode email = tenant.expect(201, "POST", base, emailChannel(smtpPort, SMTP_PASSWORD));
        assertThat(email.get("smtp_password").asText()).isEqualTo("****");
        JsonNode webhook = tenant.expect(201, "POST", base, webhookChannel());
        assertThat(webhook.get("secret").asText()).isEqualTo("****");
        JsonNode test = tenant.expect(200, "POST", base + "/" + email.get("id").asText() + "/test", null);
        assertThat(test.get("success").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.get("message").asText()).contains("250");
        assertThat(tenant.expect(200, "POST", base + "/" + webhook.get("id").asText() + "/test", null).get("success").asBoolean()).isTrue();
        // only the rule this test is about, for this organization
        tenant.expect(200, "PUT", "/api/v1/organizations/" + ORG + "/alert-rules", "{\"backup_failed\":false,\"failures_in_a_row\":2}");

        Tools.ok("docker", "pause", ENV + "_db");
        try {
            for (int i = 0; i < 2; i++) {
                assertThat(tenant.backup(ENV, "{\"include_filestore\":false}").get("status").asText()).isEqualTo("failed");
            }
            Await.until("the alert is mailed and posted", Duration.ofSeconds(60),
                    () -> mails(mail, "2 failures in a row").size() + hooks("failures_in_a_row", ENV, "open").size(), n -> n >= 2);
            JsonNode open = tenant.expect(200, "GET", "/api/v1/alerts?status=open", null);
            assertThat(open.get("items").findValuesAsText("rule")).contains("failures_in_a_row");
            JsonNode alert = java.util.stream.StreamSupport.stream(open.get("items").spliterator(), false)
                    .filter(a -> a.get("rule").asText().equals("failures_in_a_row")).findFirst().orElseThrow();
            assertThat(alert.get("environment_id").asText()).isEqualTo(ENV);
            assertThat(alert.get("details").get("what_to_do").asText()).isNotBlank();
            assertThat(hooks("failures_in_a_row", ENV, "open")).hasSize(1).allMatch(Received::signed);
        } finally {
            Tools.ok("docker", "unpause", ENV + "_db");
        }
        assertThat(tenant.backup(ENV, "{\"include_filestore\":false}").get("status").asText()).isEqualTo("completed");
        Await.until("its end is mailed and posted", Duration.ofSeconds(60),
                () -> mails(mail, "RESOLVED").size() + hooks("failures_in_a_row", ENV, "resolved").size(), n -> n >= 2);
        Thread.sleep(3000); // room for a message sent twice, which must not come
        assertThat(mails(mail, "2 failures in a row")).as("one mail when it opened, one when it resolved").hasSize(2);
        assertThat(hooks("failures_in_a_row", ENV, "open")).hasSize(1);
        assertThat(hooks("failures_in_a_row", ENV, "resolved")).hasSize(1).allMatch(Received::signed);
        assertThat(tenant.expect(200, "GET", "/api/v1/alerts?status=open", null).get("items").findValuesAsText("rule"))
                .doesNotContain("failures_in_a_row");
        tenant.expect(200, "PUT", "/api/v1/organizations/" + ORG + "/alert-rules", "{}");
    }

    @Test
    void anEnvironmentThatNeverHadABackupTripsTheDeadMansSwitchAndAFailedRestoreCheckAlerts() throws Exception {
        String never = "it-alerts-never";
        service.expect(201, "POST", "/api/v1/environments", "{\"id\":\"" + never + "\",\"organization_id\":\"" + ORG
                + "\",\"name\":\"Never\",\"db_name\":\"odoo_it_alerts\",\"db_container\":\"" + ENV + "_db\",\"odoo_container\":\"" + ENV + "_odoo\"}");
        tenant.expect(200, "PUT", "/api/v1/backups/environments/" + never + "/policy", "{\"enabled\":true,\"schedule_time\":\"03:00\"}");
        try (Connection db = service.database(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE backup_policy SET enabled_at = now() - interval '27 hours' WHERE environment_id = '" + never + "'");
        }
        JsonNode dead = Await.until("the dead man's switch fires", Duration.ofSeconds(60),
                () -> tenant.expect(200, "GET", "/api/v1/alerts?status=open", null).get("items"),
                items -> items.findValuesAsText("subject").contains(never));
        assertThat(dead.toString()).contains("no_backup_hours").contains("no completed backup");
        service.expect(204, "DELETE", "/api/v1/environments/" + never, null);

        // a restore check that cannot load the dump (its database container paused) fails, and says so
        JsonNode backup = tenant.backup(ENV, "{\"include_filestore\":false}");
        Tools.ok("docker", "pause", ENV + "_db");
        try {
            JsonNode check = tenant.expect(202, "POST", "/api/v1/backups/" + backup.get("id").asText() + "/verify-restore", null);
            assertThat(tenant.awaitTask(check.get("task_id").asText(), Duration.ofMinutes(1)).get("status").asText()).isEqualTo("failed");
            Await.until("the failed check alerts", Duration.ofSeconds(60),
                    () -> tenant.expect(200, "GET", "/api/v1/alerts?status=open", null).get("items").findValuesAsText("rule"),
                    rules -> rules.contains("restore_check_failed"));
        } finally {
            Tools.ok("docker", "unpause", ENV + "_db");
        }
    }

    /**
     * An instance that opened an alert but was killed before it could send it: the next start sends it, once. A channel
     * with a wrong SMTP password is said so by its test, and the password is neither in the answer nor in the log.
     */
    @Test
    void anAlertOpenedBeforeAKillIsSentOnceAfterTheRestartAndAWrongPasswordIsSaidWithoutIt(@TempDir Path data, @TempDir Path tmp)
            throws Exception {
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_alerts")) {
            Path folder = Files.createDirectories(tmp.resolve("mail"));
            int port = Tools.freePort();
            Process receiver = startSmtp(port, folder);
            Map<String, String> settings = new java.util.HashMap<>(Map.of("BACKUP_DB_URL", records.url(), "BACKUP_DB_USER", "postgres",
                    "BACKUP_DATA_DIR", data.toString(), "BACKUP_TMP_DIR", tmp.toString(), "BACKUP_ADMIN_TOKEN", TestService.TOKEN,
                    "BACKUP_STORAGE_ALLOWED_NETWORKS", "127.0.0.1/32", "BACKUP_ALERT_CHECK_MS", "1000"));
            try {
                String channel;
                settings.put("BACKUP_ALERT_DELIVERY_MS", "3600000"); // it opens alerts, and sends nothing before it dies
                try (ServiceProcess first = ServiceProcess.start(settings)) {
                    ApiClient api = new ApiClient(first.baseUrl(), TestService.TOKEN);
                    String base = "/api/v1/organizations/" + ORG + "/notification-channels";
                    JsonNode wrong = api.expect(201, "POST", base, emailChannel(port, "not-the-password"));
                    JsonNode said = api.expect(200, "POST", base + "/" + wrong.get("id").asText() + "/test", null);
                    assertThat(said.get("success").asBoolean()).isFalse();
                    assertThat(said.get("message").asText()).contains("login failed").doesNotContain("not-the-password");
                    api.expect(204, "DELETE", base + "/" + wrong.get("id").asText(), null);
                    channel = api.expect(201, "POST", base, emailChannel(port, SMTP_PASSWORD)).get("id").asText();
                    api.environment(ENV, ORG, "odoo_it_alerts");
                    api.folderStorage(ORG);
                    api.expect(200, "PUT", "/api/v1/organizations/" + ORG + "/alert-rules", "{\"failures_in_a_row\":false}");
                    Tools.ok("docker", "pause", ENV + "_db");
                    try {
                        assertThat(api.backup(ENV, "{\"include_filestore\":false}").get("status").asText()).isEqualTo("failed");
                    } finally {
                        Tools.ok("docker", "unpause", ENV + "_db");
                    }
                    try (Connection db = java.sql.DriverManager.getConnection(records.url(), "postgres", "")) {
                        Await.until("the alert is open and its mail queued", Duration.ofSeconds(30), () -> FleetIT.count(db,
                                "SELECT count(*) FROM alert_delivery WHERE status = 'pending' AND channel_id = '" + channel + "'"), n -> n == 1);
                    }
                    assertThat(first.log()).doesNotContain("not-the-password").doesNotContain(SMTP_PASSWORD);
                    first.kill();
                }
                assertThat(mails(folder, "failed")).isEmpty();
                settings.put("BACKUP_ALERT_DELIVERY_MS", "500");
                try (ServiceProcess again = ServiceProcess.start(settings)) {
                    Await.until("the alert is mailed after the restart", Duration.ofSeconds(60), () -> mails(folder, "ALERT").size(), n -> n >= 1);
                    Thread.sleep(3000);
                    assertThat(mails(folder, "ALERT")).as("sent once").hasSize(1);
                    assertThat(mails(folder, "ALERT").get(0)).contains(ENV).contains("What to do");
                    assertThat(again.log()).doesNotContain(SMTP_PASSWORD);
                    again.stop();
                }
            } finally {
                receiver.destroy();
            }
        }
    }

    /**
     * The platform's own alerts go to the platform's channels (the admin's organization "platform", rules of its own):
     * a leftover clean-up that fails, and a records database that stops answering, said from memory while it does not
     * answer and recorded as resolved once it does. An organization's token reaches neither the platform's rules nor
     * its channels.
     */
    @Test
    void thePlatformsAlertsReachThePlatformsChannelsARecordsOutageToo(@TempDir Path data, @TempDir Path tmp) throws Exception {
        tenant.expect(404, "PUT", "/api/v1/organizations/platform/alert-rules", "{\"docker_host_down\":false}");
        tenant.expect(404, "GET", "/api/v1/organizations/platform/notification-channels", null);
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_platform");
             TcpProxy postgres = new TcpProxy(5432)) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "BACKUP_DB_URL", records.url().replace(":5432/", ":" + postgres.port() + "/"), "BACKUP_DB_USER", "postgres",
                    "BACKUP_DATA_DIR", data.toString(), "BACKUP_TMP_DIR", tmp.toString(), "BACKUP_ADMIN_TOKEN", TestService.TOKEN,
                    "BACKUP_STORAGE_ALLOWED_NETWORKS", "127.0.0.1/32", "BACKUP_ALERT_CHECK_MS", "1000", "BACKUP_ALERT_DELIVERY_MS", "500",
                    "BACKUP_LEFTOVERS_DELAY_MS", "0", "BACKUP_ALERT_RECORDS_UNREADY_SECONDS", "3"));
            settings.put("BACKUP_LEFTOVERS_PERIOD_MS", "2000");
            try (ServiceProcess process = ServiceProcess.start(settings)) {
                ApiClient admin = new ApiClient(process.baseUrl(), TestService.TOKEN);
                String base = "/api/v1/organizations/platform";
                admin.expect(400, "PUT", base + "/alert-rules", "{\"backup_failed\":true}");
                JsonNode rules = admin.expect(200, "PUT", base + "/alert-rules", "{\"outbox_stalled_minutes\":30}");
                assertThat(rules.get("outbox_stalled_minutes").asInt()).isEqualTo(30);
                assertThat(rules.get("records_unready").asBoolean()).isTrue();
                assertThat(rules.get("leftovers_failed").asBoolean()).isTrue();
                admin.expect(201, "POST", base + "/notification-channels", webhookChannel().replace("Ops hook", "Platform hook"));
                // a storage that never answers: its leftovers cannot be cleaned
                String never = admin.expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG
                        + "\",\"name\":\"Never up\",\"provider\":\"minio\",\"bucket\":\"b-1\",\"endpoint_url\":\"http://127.0.0.1:9\","
                        + "\"access_key\":\"a\",\"secret_key\":\"never-up-secret\"}").get("id").asText();
                Await.until("the failed clean-up is posted", Duration.ofSeconds(60), () -> hooks("leftovers_failed", never, "open"), h -> h.size() == 1);
                assertThat(hooks("leftovers_failed", never, "open").get(0).body().get("organization_id").asText()).isEqualTo("platform");
                assertThat(admin.expect(200, "GET", "/api/v1/alerts?status=open", null).get("items").findValuesAsText("rule"))
                        .contains("leftovers_failed");
                admin.expect(204, "DELETE", "/api/v1/backups/storage-configs/" + never, null);
                Await.until("its end is posted", Duration.ofSeconds(60), () -> hooks("leftovers_failed", never, "resolved"), h -> h.size() == 1);

                postgres.cut();
                Await.until("the outage is posted while the records do not answer", Duration.ofSeconds(120),
                        () -> hooks("records_unready", "records", "open"), h -> h.size() == 1);
                Received said = hooks("records_unready", "records", "open").get(0);
                assertThat(said.signed()).isTrue();
                assertThat(said.body().get("summary").asText()).contains("records database has not answered");
                postgres.restore();
                Await.until("its end is posted through the records", Duration.ofSeconds(120),
                        () -> hooks("records_unready", "records", "resolved"), h -> h.size() == 1);
                JsonNode resolved = admin.expect(200, "GET", "/api/v1/alerts?status=resolved", null);
                assertThat(resolved.get("items").findValuesAsText("rule")).containsOnlyOnce("records_unready");
                Thread.sleep(2000);
                assertThat(hooks("records_unready", "records", "open")).as("said once").hasSize(1);
                assertThat(process.log()).doesNotContain(WEBHOOK_SECRET).doesNotContain("never-up-secret");
                process.stop();
            }
        }
    }
}
