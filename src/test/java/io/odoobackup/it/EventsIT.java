package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle events and trigger messages through the machine's real RabbitMQ, read and sent with amqp-tools: the
 * events of a backup in order, a backup asked for by a message and answered with its correlation id, malformed and
 * unauthorized messages rejected once, and events held back while the broker is down.
 */
class EventsIT {

    private static final String ENV = "it-amqp";
    private static final String ORG = "org-amqp";
    private static final List<JsonNode> RECEIVED = new ArrayList<>();
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        service.testEnvironment(ENV, ORG, "odoo_it_amqp", "--rows", "500", "--files", "5");
        drain(); // what earlier tests' backups left (the service declares and binds the queue at its first event)
        RECEIVED.clear();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    /** Takes every message waiting in the events queue (amqp-get acknowledges each). */
    private static void drain() throws Exception {
        for (Tools.Result got; (got = Tools.run(List.of("amqp-get", "-q", TestService.EVENTS_QUEUE))).exitCode() == 0; ) {
            RECEIVED.add(service.json(got.output()));
        }
    }

    private static List<JsonNode> received(Predicate<JsonNode> which) {
        return RECEIVED.stream().filter(which).toList();
    }

    private static JsonNode awaitEvent(String what, Predicate<JsonNode> which, Duration timeout) throws Exception {
        return Await.until(what, timeout, () -> {
            drain();
            return received(which);
        }, found -> !found.isEmpty()).get(0);
    }

    private static Predicate<JsonNode> event(String type, String subject) {
        return e -> e.path("type").asText().equals(type) && e.path("subject").asText().equals(subject);
    }

    private static void publish(String body) throws Exception {
        Tools.ok("amqp-publish", "-e", TestService.EXCHANGE, "-r", "requests", "-b", body);
    }

    @Test
    void aBackupsStartedAndCompletedEventsArriveInOrderAsCloudEvents() throws Exception {
        JsonNode backup = service.backup(ENV, "{\"include_filestore\":false}");
        String id = backup.get("id").asText();
        JsonNode completed = awaitEvent("the completed event", event("odoo_backup.backup.completed", id), Duration.ofSeconds(20));
        List<JsonNode> ofBackup = received(e -> e.path("subject").asText().equals(id));
        assertThat(ofBackup).extracting(e -> e.get("type").asText())
                .containsExactly("odoo_backup.backup.started", "odoo_backup.backup.completed");
        assertThat(ofBackup.get(0).get("id").asText()).isNotEqualTo(completed.get("id").asText());
        assertThat(completed.get("specversion").asText()).isEqualTo("1.0");
        assertThat(completed.get("source").asText()).startsWith("/odoo-backup/");
        assertThat(completed.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(completed.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        JsonNode data = completed.get("data");
        assertThat(data.get("id").asText()).isEqualTo(id);
        assertThat(data.get("status").asText()).isEqualTo("completed");
        assertThat(data.get("organization_id").asText()).isEqualTo(ORG);
        assertThat(data.get("environment_id").asText()).isEqualTo(ENV);
        assertThat(data.get("archive_checksum").asText()).isEqualTo(backup.get("archive_checksum").asText());
        assertThat(data.get("completed_at").asText()).isEqualTo(backup.get("completed_at").asText());

        service.expect(204, "DELETE", "/api/v1/backups/" + id, null);
        assertThat(awaitEvent("the deleted event", event("odoo_backup.backup.deleted", id), Duration.ofSeconds(20))
                .get("data").get("status").asText()).isEqualTo("deleted");
    }

    @Test
    void aTriggerMessageStartsABackupAnsweredWithItsCorrelationId() throws Exception {
        publish("{\"action\":\"backup\",\"token\":\"" + TestService.TOKEN + "\",\"environment_id\":\"" + ENV
                + "\",\"correlation_id\":\"order-4711\",\"include_filestore\":false}");
        JsonNode completed = awaitEvent("the completed event of the asked backup",
                e -> e.path("type").asText().equals("odoo_backup.backup.completed")
                        && e.path("data").path("correlation_id").asText().equals("order-4711"), Duration.ofMinutes(2));
        JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + completed.get("subject").asText(), null);
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        assertThat(backup.get("environment_id").asText()).isEqualTo(ENV);
        assertThat(backup.get("correlation_id").asText()).isEqualTo("order-4711");
    }

    @Test
    void malformedAndUnauthorizedMessagesAreRejectedOnceEach() throws Exception {
        publish("this is not json");
        publish("{\"action\":\"backup\",\"token\":\"not-a-token\",\"environment_id\":\"" + ENV + "\",\"correlation_id\":\"who-am-i\"}");
        publish("{\"action\":\"restore\",\"token\":\"" + TestService.TOKEN + "\",\"backup_id\":\"../etc\",\"correlation_id\":\"bad-id\"}");
        Predicate<JsonNode> rejected = e -> e.path("type").asText().equals("odoo_backup.request.rejected");
        JsonNode unauthorized = awaitEvent("the unauthorized message's rejection",
                rejected.and(e -> e.path("data").path("correlation_id").asText().equals("who-am-i")), Duration.ofSeconds(20));
        assertThat(unauthorized.get("data").get("status").asInt()).isEqualTo(401);
        assertThat(unauthorized.toString()).doesNotContain("not-a-token");
        JsonNode badId = awaitEvent("the bad id's rejection",
                rejected.and(e -> e.path("data").path("correlation_id").asText().equals("bad-id")), Duration.ofSeconds(20));
        assertThat(badId.get("data").get("detail").asText()).contains("backup_id");
        Predicate<JsonNode> notJson = rejected.and(e -> e.path("data").path("detail").asText().contains("not JSON"));
        awaitEvent("the malformed message's rejection", notJson, Duration.ofSeconds(20));
        Thread.sleep(3000); // a message put back on its queue would come round again within this
        drain();
        assertThat(received(notJson)).hasSize(1);
        assertThat(received(rejected.and(e -> e.path("data").path("correlation_id").asText().equals("who-am-i")))).hasSize(1);
    }

    /**
     * Well-formed messages the API would refuse (an unknown environment, another organization's, an unknown backup) and
     * fields longer than their columns: each is one rejected event and one log line, never a silent drop.
     */
    @Test
    void wellFormedRequestsThatCannotBeCarriedOutAreRejectedAndLogged() throws Exception {
        String stranger = service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"stranger\",\"organization_id\":\"org-amqp-stranger\","
                + "\"permissions\":[\"project.backups.create\",\"project.backups.restore\"]}").get("token").asText();
        String longCorrelation = "c".repeat(150);
        StringWriter log = new StringWriter();
        WriterAppender capture = WriterAppender.newBuilder().setName("rejections").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build()).build();
        capture.start();
        Logger logger = (Logger) LogManager.getLogger("io.odoobackup.events.TriggerMessages");
        logger.addAppender(capture);
        try {
            publish("{\"action\":\"backup\",\"token\":\"" + TestService.TOKEN + "\",\"environment_id\":\"no-such-env\","
                    + "\"correlation_id\":\"unknown-env\"}");
            publish("{\"action\":\"backup\",\"token\":\"" + stranger + "\",\"environment_id\":\"" + ENV + "\","
                    + "\"correlation_id\":\"others-env\"}");
            publish("{\"action\":\"restore\",\"token\":\"" + TestService.TOKEN + "\",\"backup_id\":\"" + java.util.UUID.randomUUID()
                    + "\",\"correlation_id\":\"unknown-backup\"}");
            publish("{\"action\":\"backup\",\"token\":\"" + TestService.TOKEN + "\",\"environment_id\":\"no-such-env\","
                    + "\"correlation_id\":\"" + longCorrelation + "\"}");
            publish("{\"action\":\"backup\",\"token\":\"" + TestService.TOKEN + "\",\"environment_id\":\"" + ENV + "\","
                    + "\"correlation_id\":\"" + "x".repeat(201) + "\"}");
            Predicate<JsonNode> rejected = e -> e.path("type").asText().equals("odoo_backup.request.rejected");
            for (String correlation : List.of("unknown-env", "others-env", "unknown-backup", longCorrelation)) {
                JsonNode event = awaitEvent("the rejection of " + correlation,
                        rejected.and(e -> e.path("data").path("correlation_id").asText().equals(correlation)), Duration.ofSeconds(20));
                assertThat(event.get("data").get("status").asInt()).as(event.toString()).isEqualTo(404);
                assertThat(event.get("subject").asText()).isEqualTo(correlation);
            }
            awaitEvent("the over-long correlation id's rejection", rejected.and(e -> e.path("data").path("detail").asText()
                    .contains("correlation_id")), Duration.ofSeconds(20));
            assertThat(log.toString()).contains("Environment no-such-env does not exist").contains("Environment " + ENV + " does not exist")
                    .contains("does not exist").contains("correlation_id").doesNotContain(stranger);
            assertThat(log.toString().lines().filter(l -> l.startsWith("Trigger message rejected")).count()).isEqualTo(5);
        } finally {
            logger.removeAppender(capture);
            capture.stop();
        }
        assertThat(received(e -> e.path("type").asText().equals("odoo_backup.backup.started")
                && e.path("data").path("environment_id").asText().equals("no-such-env"))).isEmpty();
    }

    @Test
    void withTheBrokerDownABackupCompletesAndItsEventsArriveOnceItIsBack() throws Exception {
        Tools.ok("rabbitmqctl", "-q", "stop_app");
        JsonNode backup;
        try {
            backup = service.backup(ENV, "{\"include_filestore\":false}");
            assertThat(backup.get("status").asText()).isEqualTo("completed");
        } finally {
            Tools.ok("rabbitmqctl", "-q", "start_app");
            Tools.ok("rabbitmqctl", "-q", "await_startup");
        }
        String id = backup.get("id").asText();
        awaitEvent("the completed event after the outage", event("odoo_backup.backup.completed", id), Duration.ofMinutes(1));
        assertThat(received(e -> e.path("subject").asText().equals(id))).extracting(e -> e.get("type").asText())
                .containsExactly("odoo_backup.backup.started", "odoo_backup.backup.completed");
        try (var db = service.database(); var count = db.createStatement().executeQuery("SELECT count(*) FROM event_outbox")) {
            count.next();
            assertThat(count.getLong(1)).as("delivered events are pruned").isZero();
        }
    }

    @Test
    void eventsWrittenWhileTheBrokerWasDownArriveAfterARestartOfTheService(@TempDir Path data, @TempDir Path tmp) throws Exception {
        String database = "odoo_backup_events_" + Long.toString(System.nanoTime(), 36);
        try (var db = service.database(); var statement = db.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        Map<String, String> settings = new HashMap<>(service.instanceSettings(data, tmp));
        settings.put("BACKUP_DB_URL", service.databaseUrl().replaceAll("/[^/?]+$", "/" + database));
        settings.remove("BACKUP_SECRET_KEY"); // records of its own, keys of its own
        settings.put("BACKUP_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672");
        settings.put("BACKUP_EVENTS_URI", "spring-rabbitmq:" + TestService.EXCHANGE + "?routingKey=events");
        String id;
        try {
            try (ServiceProcess first = ServiceProcess.start(settings)) {
                ApiClient api = new ApiClient(first.baseUrl(), TestService.TOKEN);
                api.environment(ENV, ORG, "odoo_it_amqp");
                api.folderStorage(ORG);
                Tools.ok("rabbitmqctl", "-q", "stop_app");
                try {
                    JsonNode backup = api.backup(ENV, "{\"include_filestore\":false}");
                    assertThat(backup.get("status").asText()).isEqualTo("completed");
                    id = backup.get("id").asText();
                    first.stop();
                } finally {
                    Tools.ok("rabbitmqctl", "-q", "start_app");
                    Tools.ok("rabbitmqctl", "-q", "await_startup");
                }
            }
            String backupId = id;
            try (ServiceProcess again = ServiceProcess.start(settings)) {
                awaitEvent("the completed event after the restart", event("odoo_backup.backup.completed", backupId), Duration.ofMinutes(1));
                assertThat(received(e -> e.path("subject").asText().equals(backupId))).extracting(e -> e.get("type").asText())
                        .containsExactly("odoo_backup.backup.started", "odoo_backup.backup.completed");
                again.stop();
            }
        } finally {
            try (var db = service.database(); var statement = db.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
