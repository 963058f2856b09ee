package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An environment is saved only when its containers exist and its database answers, at registration and at every change. */
class EnvironmentsIT {

    private static final String ENV = "it-envs";
    private static final String ORG = "org-envs";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--org", ORG, "--db-name", "odoo_envs", "--rows", "2000", "--files", "3");
        service.environment(ENV, ORG, "odoo_envs");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static String refused(int status, String method, String path, String body) throws Exception {
        var response = service.call(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return service.json(response.body()).get("detail").asText();
    }

    @Test
    void registrationChecksThatTheContainersExistAndTheDatabaseAnswers() throws Exception {
        assertThat(refused(400, "POST", "/api/v1/environments", """
                {"id":"it-envs-ghost","organization_id":"%s","name":"Ghost","db_name":"odoo_envs"}""".formatted(ORG)))
                .contains("it-envs-ghost_db does not exist");
        assertThat(refused(400, "POST", "/api/v1/environments", """
                {"id":"it-envs-wrongdb","organization_id":"%s","name":"Wrong db","db_name":"odoo_nowhere",
                 "odoo_container":"%s_odoo","db_container":"%s_db"}""".formatted(ORG, ENV, ENV)))
                .contains("Database odoo_nowhere does not answer in container it-envs_db").contains("odoo_nowhere");
        assertThat(refused(400, "POST", "/api/v1/environments", """
                {"id":"it-envs-wronguser","organization_id":"%s","name":"Wrong user","db_name":"odoo_envs","db_user":"nobody",
                 "odoo_container":"%s_odoo","db_container":"%s_db"}""".formatted(ORG, ENV, ENV)))
                .contains("as user nobody");
        for (String id : new String[] {"it-envs-ghost", "it-envs-wrongdb", "it-envs-wronguser"}) {
            service.expect(404, "GET", "/api/v1/environments/" + id, null);
        }
    }

    @Test
    void patchChangesWhatIsSentAfterTheSameChecksAndNeverTheIdOrOrganization() throws Exception {
        String path = "/api/v1/environments/" + ENV;
        JsonNode renamed = service.expect(200, "PATCH", path, "{\"name\":\"Renamed\",\"odoo_version\":\"17.0\",\"cpu_cores\":4}");
        assertThat(renamed.get("name").asText()).isEqualTo("Renamed");
        assertThat(renamed.get("odoo_version").asText()).isEqualTo("17.0");
        assertThat(renamed.get("cpu_cores").asInt()).isEqualTo(4);
        assertThat(renamed.get("db_name").asText()).isEqualTo("odoo_envs");

        assertThat(refused(400, "PATCH", path, "{\"db_name\":\"odoo_nowhere\"}")).contains("does not answer");
        assertThat(refused(400, "PATCH", path, "{\"db_container\":\"it-envs-nothing_db\"}")).contains("does not exist");
        assertThat(refused(400, "PATCH", path, "{\"organization_id\":\"org-other\"}")).contains("organization_id");
        assertThat(refused(400, "PATCH", path, "{\"id\":\"other\"}")).contains("'id'");
        assertThat(refused(400, "PATCH", path, "{\"nmae\":\"typo\"}")).contains("nmae");
        refused(404, "PATCH", "/api/v1/environments/it-envs-none", "{\"name\":\"x\"}");
        JsonNode unchanged = service.expect(200, "GET", path, null);
        assertThat(unchanged.get("db_name").asText()).isEqualTo("odoo_envs");
        assertThat(unchanged.get("db_container").asText()).isEqualTo(ENV + "_db");
        assertThat(unchanged.get("organization_id").asText()).isEqualTo(ORG);

        // a backup that runs (held by a lock on a table) keeps the environment as it is
        String storage = service.folderStorage(ORG);
        try (AutoCloseable lock = Tools.lockTable(ENV, "odoo_envs")) {
            JsonNode running = service.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups",
                    "{\"storage_config_id\":\"" + storage + "\"}");
            Await.until("the backup runs", Duration.ofSeconds(30),
                    () -> service.expect(200, "GET", "/api/v1/backups/" + running.get("id").asText(), null).get("status").asText(),
                    "in_progress"::equals);
            assertThat(refused(409, "PATCH", path, "{\"name\":\"While running\"}")).contains("running");
            assertThat(service.expect(200, "GET", path, null).get("busy_with").asText()).as("the work that holds it").isEqualTo(running.get("id").asText());
        }
        // once the work has ended, the environment shows none
        Await.until("the environment is free", Duration.ofSeconds(60), () -> service.expect(200, "GET", path, null).get("busy_with"),
                JsonNode::isNull);
        JsonNode listed = service.expect(200, "GET", "/api/v1/environments?limit=100", null).get("items");
        listed.forEach(item -> {
            if (item.get("id").asText().equals(ENV)) {
                assertThat(item.get("busy_with").isNull()).as("listed free too").isTrue();
            }
        });
        assertThat(service.expect(200, "GET", path, null).get("name").asText()).isEqualTo("Renamed");
    }
}
