package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/openapi.json against what the service really serves, both ways: every documented operation answers
 * (401 without a token, not 404 or 405), every route of the Rest DSL (and the streamed answers) is documented, every
 * schema reference resolves, and a real backup record has exactly the fields its schema lists.
 */
class OpenApiIT {

    private static final String ENV = "it-openapi";
    private static TestService service;
    private static JsonNode document;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        var answer = service.call("GET", "/api/v1/openapi.json", null, null);
        assertThat(answer.statusCode()).as("served without a token").isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        document = service.json(answer.body());
        service.testEnvironment(ENV, "org-openapi", "odoo_it_openapi", "--rows", "100", "--files", "2");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    @Test
    void everyDocumentedOperationIsServedAndEveryServedRouteIsDocumented() throws Exception {
        assertThat(document.get("openapi").asText()).startsWith("3.");
        Set<String> served = new TreeSet<>();
        for (RestDefinition rest : service.camel().getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                served.add(verb.asVerb().toUpperCase(Locale.ROOT) + " " + verb.getPath());
            }
        }
        // streamed answers are Vert.x handlers of their own (TaskEventStream, Downloads)
        served.add("GET /tasks/{task_id}/events");
        served.add("GET /backups/{id}/download");
        assertThat(documented()).isEqualTo(served);

        Set<String> unanswered = new HashSet<>();
        for (String operation : documented()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = "/api/v1" + operation.substring(operation.indexOf(' ') + 1)
                    .replaceAll("\\{(id|task_id)}", "0b9a4f59-3c1e-4d8e-9d5e-2f6a3c1b7e10")
                    .replaceAll("\\{(environment_id|org_id)}", "env-probe");
            int status = service.call(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}", null).statusCode();
            int expected = path.endsWith("/openapi.json") ? 200 : 401;
            if (status != expected) {
                unanswered.add(operation + " answered " + status);
            }
        }
        assertThat(unanswered).as("documented operations the service does not serve as documented").isEmpty();
    }

    @Test
    void everyReferenceResolvesAndABackupRecordHasTheFieldsItsSchemaLists() throws Exception {
        JsonNode schemas = document.get("components").get("schemas");
        Set<String> missing = new TreeSet<>();
        document.findValues("$ref").forEach(ref -> {
            String name = ref.asText().replace("#/components/schemas/", "");
            if (!schemas.has(name)) {
                missing.add(name);
            }
        });
        assertThat(missing).isEmpty();

        JsonNode backup = service.backup(ENV, "{\"include_filestore\":false}");
        Set<String> fields = new TreeSet<>();
        backup.fieldNames().forEachRemaining(fields::add);
        Set<String> listed = new TreeSet<>();
        schemas.get("Backup").get("properties").fieldNames().forEachRemaining(listed::add);
        assertThat(fields).isEqualTo(listed);
        schemas.get("Backup").get("required").forEach(required -> assertThat(backup.has(required.asText())).as(required.asText()).isTrue());
        JsonNode task = service.expect(200, "GET", "/api/v1/tasks/" + backup.get("task_id").asText(), null);
        schemas.get("Task").get("required").forEach(required -> assertThat(task.has(required.asText())).as(required.asText()).isTrue());
    }

    /** The providers come from the drivers, with their fields; openapi.json's provider enums list exactly those. */
    @Test
    void theProvidersAreTheDriversOwnAndTheDocumentListsThem() throws Exception {
        JsonNode providers = service.expect(200, "GET", "/api/v1/backups/storage-providers", null);
        Set<String> served = new TreeSet<>();
        providers.get("items").forEach(provider -> served.add(provider.get("provider").asText()));
        assertThat(served).contains("s3", "r2", "b2", "minio", "ftp", "sftp", "local");
        JsonNode schemas = document.get("components").get("schemas");
        for (String schema : List.of("StorageConfigCreate", "StorageProvider")) {
            Set<String> listed = new TreeSet<>();
            schemas.get(schema).get("properties").get("provider").get("enum").forEach(p -> listed.add(p.asText()));
            assertThat(listed).as(schema).isEqualTo(served);
        }
        JsonNode s3 = null;
        for (JsonNode provider : providers.get("items")) {
            if (provider.get("provider").asText().equals("s3")) {
                s3 = provider;
            }
        }
        Set<String> secrets = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        s3.get("fields").forEach(field -> {
            names.add(field.get("name").asText());
            if (field.get("secret").asBoolean()) {
                secrets.add(field.get("name").asText());
            }
            schemas.get("StorageProvider").get("properties").get("fields").get("items").get("required")
                    .forEach(required -> assertThat(field.has(required.asText())).as(required.asText()).isTrue());
        });
        assertThat(names).contains("bucket", "access_key", "secret_key", "endpoint_url");
        assertThat(secrets).containsExactly("secret_key");
    }
}
