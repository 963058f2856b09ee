package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests get the contract's problem JSON, name what to fix, and change nothing. */
class ApiErrorsIT {

    private static final String ORG = "org-errors";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment("it-errors", "--db-name", "odoo_errors", "--files", "1", "--rows", "1");
        service.expect(201, "POST", "/api/v1/environments", """
                {"id":"it-errors","organization_id":"%s","name":"Errors","db_name":"odoo_errors"}""".formatted(ORG));
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment("it-errors");
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = service.json(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("type") && body.has("title") && body.has("detail")).isTrue();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    /** curl's --data without a Content-Type header sends a form: 415 saying which header to send, and nothing saved. */
    @Test
    void aJsonBodySentAsAFormIs415SayingWhichHeaderToSend() throws Exception {
        String body = "{\"id\":\"it-errors-form\",\"organization_id\":\"" + ORG + "\",\"name\":\"Form\",\"db_name\":\"odoo_errors\"}";
        String answer = Tools.ok("curl", "-s", "-w", "\n%{http_code} %{content_type}", "-X", "POST", "-H", "Authorization: Bearer " + TestService.TOKEN,
                "--data", body, service.baseUrl() + "/api/v1/environments");
        assertThat(answer).endsWith("415 application/problem+json")
                .contains("application/x-www-form-urlencoded").contains("Content-Type: application/json");
        assertThat(service.call("GET", "/api/v1/environments/it-errors-form", null).statusCode()).isEqualTo(404);
        String plain = Tools.ok("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH", "-H", "Authorization: Bearer " + TestService.TOKEN,
                "-H", "Content-Type: text/plain", "--data", "{\"name\":\"Renamed\"}", service.baseUrl() + "/api/v1/environments/it-errors");
        assertThat(plain).isEqualTo("415");
        assertThat(service.expect(200, "GET", "/api/v1/environments/it-errors", null).get("name").asText()).isEqualTo("Errors");
        // with the header the same body is taken
        HttpResponse<String> json = service.call("PATCH", "/api/v1/environments/it-errors", "{\"name\":\"Errors\"}");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    }

    @Test
    void withoutAValidTokenEveryCallIs401() throws Exception {
        problem(service.call("GET", "/api/v1/environments", null, null), 401);
        problem(service.call("GET", "/api/v1/environments", null, "not-the-token"), 401);
        problem(service.call("POST", "/api/v1/backups/environments/it-errors/backups", "{}", "nope"), 401);
    }

    @Test
    void theRequestsTokenIsNotEchoedBack() throws Exception {
        HttpResponse<String> response = service.call("GET", "/api/v1/environments/it-errors", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization"));
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void malformedJsonWrongTypesAndUnknownValuesAre400NamingTheField() throws Exception {
        String create = "/api/v1/backups/environments/it-errors/backups";
        assertThat(problem(service.call("POST", create, "{not json"), 400).get("detail").asText()).contains("not valid JSON");
        assertThat(problem(service.call("POST", create, "[1,2]"), 400).get("detail").asText()).contains("JSON object");
        assertThat(problem(service.call("POST", create, "{\"retention_type\":\"forever\"}"), 400).get("detail").asText())
                .contains("retention_type").contains("permanent");
        assertThat(problem(service.call("POST", create, "{\"backup_type\":\"nightly\"}"), 400).get("detail").asText())
                .contains("backup_type");
        assertThat(problem(service.call("POST", create, "{\"include_filestore\":\"yes\"}"), 400).get("detail").asText())
                .contains("include_filestore");
        assertThat(problem(service.call("POST", create, "{\"storage_config_id\":\"../x\"}"), 400).get("detail").asText())
                .contains("storage_config_id");
        assertThat(problem(service.call("POST", "/api/v1/environments",
                "{\"id\":\"a;rm -rf /\",\"organization_id\":\"o\",\"name\":\"n\",\"db_name\":\"d\"}"), 400).get("detail").asText())
                .contains("'id'");
        assertThat(problem(service.call("POST", "/api/v1/environments",
                "{\"organization_id\":\"o\",\"name\":\"n\",\"db_name\":\"-h evil\"}"), 400).get("detail").asText())
                .contains("db_name");
        assertThat(problem(service.call("POST", "/api/v1/environments",
                "{\"organization_id\":\"o\",\"name\":\"n\",\"db_name\":\"d\",\"filestore_path\":\"/var/../etc\"}"), 400)
                .get("detail").asText()).contains("filestore_path");
        assertThat(problem(service.call("POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"o\",\"name\":\"n\",\"provider\":\"dropbox\"}"), 400).get("detail").asText())
                .contains("provider");
        assertThat(problem(service.call("POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"o\",\"name\":\"n\",\"provider\":\"s3\",\"bucket\":\"b-1\"}"), 400).get("detail").asText())
                .contains("access_key");
        problem(service.call("GET", "/api/v1/backups/environments/it-errors/backups?limit=9999", null), 400);
        problem(service.call("GET", "/api/v1/backups/environments/it-errors/backups?status=lost", null), 400);
        // nothing was created by any of them
        assertThat(service.expect(200, "GET", "/api/v1/backups/environments/it-errors/backups", null).get("total").asInt()).isZero();
    }

    @Test
    void unknownPathsWrongMethodsAndOversizedBodiesAreProblemJsonToo() throws Exception {
        assertThat(problem(service.call("GET", "/api/v1/no-such-thing", null), 404).get("detail").asText()).contains("/api/v1/no-such-thing");
        assertThat(problem(service.call("GET", "/no-such-page", null, null), 404).get("detail").asText()).contains("console at /");
        assertThat(problem(service.call("PUT", "/api/v1/environments", "{}"), 405).get("detail").asText()).contains("PUT");
        problem(service.call("DELETE", "/api/v1/backups/storage-configs/00000000-0000-0000-0000-000000000000/test", null), 405);
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        assertThat(problem(service.call("POST", "/api/v1/environments", big), 413).get("detail").asText()).contains("1048576");
    }

    @Test
    void unknownFieldsAre400NamingThemAndStartNothing() throws Exception {
        String create = "/api/v1/backups/environments/it-errors/backups";
        assertThat(problem(service.call("POST", create, "{\"include_filestor\":false}"), 400).get("detail").asText())
                .contains("include_filestor").contains("include_filestore");
        assertThat(problem(service.call("POST", "/api/v1/environments",
                "{\"organization_id\":\"o\",\"name\":\"n\",\"db_name\":\"d\",\"db_contianer\":\"x\"}"), 400)
                .get("detail").asText()).contains("db_contianer");
        assertThat(problem(service.call("PUT", "/api/v1/backups/environments/it-errors/policy",
                "{\"enabled\":false,\"daily_retention\":3}"), 400).get("detail").asText()).contains("daily_retention");
        assertThat(problem(service.call("POST", "/api/v1/tokens",
                "{\"organization_id\":\"o\",\"name\":\"n\",\"permissions\":[\"project.backups.view\"],\"expires\":1}"), 400)
                .get("detail").asText()).contains("expires");
        assertThat(problem(service.call("PUT", "/api/v1/organizations/" + ORG + "/quota", "{\"quota_bytes\":1,\"quota\":2}"), 400)
                .get("detail").asText()).contains("'quota'");
        assertThat(service.expect(200, "GET", create, null).get("total").asInt()).isZero();
    }

    @Test
    void missingObjectsAre404AndNoStorageIs400() throws Exception {
        problem(service.call("POST", "/api/v1/backups/environments/no-such-env/backups", "{}"), 404);
        problem(service.call("GET", "/api/v1/backups/00000000-0000-0000-0000-000000000000", null), 404);
        problem(service.call("GET", "/api/v1/tasks/00000000-0000-0000-0000-000000000000", null), 404);
        problem(service.call("GET", "/api/v1/environments/no-such-env", null), 404);
        JsonNode noStorage = problem(service.call("POST", "/api/v1/backups/environments/it-errors/backups", "{}"), 400);
        assertThat(noStorage.get("title").asText()).isEqualTo("No Storage Configuration Available");
        problem(service.call("POST", "/api/v1/backups/environments/it-errors/backups",
                "{\"storage_config_id\":\"00000000-0000-0000-0000-000000000000\"}"), 404);
    }

    @Test
    void aDuplicateEnvironmentIs409() throws Exception {
        JsonNode conflict = problem(service.call("POST", "/api/v1/environments", """
                {"id":"it-errors","organization_id":"%s","name":"Again","db_name":"odoo_errors"}""".formatted(ORG)), 409);
        assertThat(conflict.get("detail").asText()).contains("it-errors");
    }

    @Test
    void storageSecretsComeBackMasked() throws Exception {
        JsonNode config = service.expect(201, "POST", "/api/v1/backups/storage-configs", """
                {"organization_id":"%s","name":"Masked","provider":"b2","bucket":"bucket-b2","region":"us-west-002",
                 "application_key_id":"key-id","application_key":"b2-secret-value"}""".formatted(ORG));
        assertThat(config.get("application_key").asText()).isEqualTo("****");
        assertThat(config.get("application_key_id").asText()).isEqualTo("key-id");
        String listed = service.call("GET", "/api/v1/backups/storage-configs/" + config.get("id").asText(), null).body();
        assertThat(listed).doesNotContain("b2-secret-value").contains("****");
        assertThat(service.call("GET", "/api/v1/backups/storage-configs", null).body()).doesNotContain("b2-secret-value");
    }
}
