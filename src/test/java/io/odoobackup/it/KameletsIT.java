package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kamelets of kamelets/ in a Camel application of their own, as an integration team runs them: README's example
 * routes ask for a backup through odoo-backup-action and hear its completion through odoo-backup-events-source.
 */
class KameletsIT {

    private static final String ENV = "it-kamelet";
    private static final String START = "<!-- kamelet-example -->\n```yaml\n";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        service.testEnvironment(ENV, "org-kamelet", "odoo_it_kamelet", "--rows", "100", "--files", "2");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static String example() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START);
        assertThat(start).as("README holds the Kamelet example").isPositive();
        return readme.substring(start + START.length(), readme.indexOf("```", start + START.length()));
    }

    @Test
    void eachKameletIsLabelledWhatItIs() throws Exception {
        assertThat(Files.readString(Path.of("kamelets/odoo-backup-action.kamelet.yaml"))).contains("camel.apache.org/kamelet.type: action");
        assertThat(Files.readString(Path.of("kamelets/odoo-backup-events-source.kamelet.yaml"))).contains("camel.apache.org/kamelet.type: source")
                .contains("format: password");
    }

    @Test
    void readmesRoutesAskForABackupAndHearItComplete(@TempDir Path dir) throws Exception {
        Path routes = dir.resolve("example.yaml");
        Files.writeString(routes, example());
        BlockingQueue<String> completed = new LinkedBlockingQueue<>();
        Main application = new Main();
        application.setDefaultPropertyPlaceholderLocation("false"); // not the service's application.properties on this classpath
        application.configure().withRoutesIncludePattern("file:" + routes);
        application.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:backup-completed").process(e -> completed.add(e.getMessage().getBody(String.class)));
            }
        });
        // the broker only as properties: no ConnectionFactory bean of the application's
        application.addOverrideProperty("odoo-backup.broker.host", "127.0.0.1");
        application.addOverrideProperty("odoo-backup.broker.username", "guest");
        application.addOverrideProperty("odoo-backup.broker.password", "guest");
        application.addOverrideProperty("camel.component.kamelet.location", "file:" + Path.of("kamelets").toAbsolutePath());
        application.addOverrideProperty("odoo-backup.url", service.baseUrl());
        application.addOverrideProperty("odoo-backup.token", TestService.TOKEN);
        application.addOverrideProperty("odoo-backup.environment", ENV);
        application.addOverrideProperty("odoo-backup.exchange", TestService.EXCHANGE);
        application.start();
        try {
            JsonNode event = null;
            for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2); event == null && System.nanoTime() < deadline; ) {
                String next = completed.poll(1, TimeUnit.SECONDS);
                if (next != null && service.json(next).get("data").get("environment_id").asText().equals(ENV)) {
                    event = service.json(next);
                }
            }
            assertThat(event).as("the completed event of the backup the example asked for").isNotNull();
            JsonNode backup = service.expect(200, "GET", "/api/v1/backups/" + event.get("subject").asText(), null);
            assertThat(backup.get("status").asText()).isEqualTo("completed");
            assertThat(backup.get("include_filestore").asBoolean()).as("the example's request body").isFalse();
        } finally {
            application.stop();
        }
    }
}
