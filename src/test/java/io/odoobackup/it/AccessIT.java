package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route with no token, a wrong token, a token lacking the route's permission, and a token of
 * another organization: 401, 401, 403 and 404 (docs/api.md §2), and nothing changed.
 */
class AccessIT {

    private static final Set<String> ALL = Set.of("project.backups.create", "project.backups.view", "project.backups.delete",
            "project.backups.restore", "project.backups.policy", "org.storage.manage", "org.tokens.manage");
    private static final String ORG = "org-access";
    private static final String OTHER = "org-access-other";
    private static final String ENV = "it-access";
    private static TestService service;
    private static final Map<String, String> lacking = new HashMap<>();
    private static String other;
    private static String configId;
    private static JsonNode backup;
    private static String ownTokenId;

    /** One route: its call, the permission it needs, and what another organization's token gets. */
    private record Route(String method, String path, String body, String permission, int otherOrganization) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--files", "5", "--rows", "50");
        service.environment(ENV, ORG, "odoo_it_access");
        configId = service.folderStorage(ORG);
        backup = service.backup(ENV, "{}");
        for (String missing : ALL) {
            lacking.put(missing, token(ORG, ALL.stream().filter(p -> !p.equals(missing)).collect(Collectors.toSet())).get("token").asText());
        }
        other = token(OTHER, ALL).get("token").asText();
        ownTokenId = token(ORG, Set.of("project.backups.view")).get("id").asText();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static JsonNode token(String organization, Set<String> permissions) throws Exception {
        return service.expect(201, "POST", "/api/v1/tokens", "{\"name\":\"t\",\"organization_id\":\"" + organization
                + "\",\"permissions\":[" + permissions.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",")) + "]}");
    }

    private static List<Route> routes() {
        String b = "/api/v1/backups/" + backup.get("id").asText();
        String c = "/api/v1/backups/storage-configs/" + configId;
        String e = "/api/v1/backups/environments/" + ENV;
        String envBody = "{\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"db_name\":\"d\"}";
        return List.of(
                new Route("POST", "/api/v1/tokens", "{\"name\":\"x\",\"organization_id\":\"" + ORG + "\",\"permissions\":[\"project.backups.view\"]}",
                        "org.tokens.manage", 403),
                new Route("DELETE", "/api/v1/tokens/" + ownTokenId, null, "org.tokens.manage", 404),
                new Route("GET", "/api/v1/tokens", null, "org.tokens.manage", 200),
                new Route("POST", "/api/v1/environments", envBody, "project.backups.policy", 403),
                new Route("GET", "/api/v1/environments/" + ENV, null, "project.backups.view", 404),
                new Route("PATCH", "/api/v1/environments/" + ENV, "{\"name\":\"renamed\"}", "project.backups.policy", 404),
                new Route("DELETE", "/api/v1/environments/" + ENV, null, "project.backups.policy", 404),
                new Route("POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"provider\":\"local\"}",
                        "org.storage.manage", 403),
                new Route("GET", c, null, "org.storage.manage", 404),
                new Route("PATCH", c, "{\"name\":\"renamed\"}", "org.storage.manage", 404),
                new Route("DELETE", c, null, "org.storage.manage", 404),
                new Route("POST", c + "/test", null, "org.storage.manage", 404),
                new Route("POST", e + "/backups", "{}", "project.backups.create", 404),
                new Route("GET", e + "/backups", null, "project.backups.view", 404),
                new Route("GET", e + "/policy", null, "project.backups.view", 404),
                new Route("PUT", e + "/policy", "{\"enabled\":false}", "project.backups.policy", 404),
                new Route("GET", b, null, "project.backups.view", 404),
                new Route("GET", b + "/download", null, "project.backups.view", 404),
                new Route("PATCH", b, "{\"retention_type\":\"permanent\"}", "project.backups.policy", 404),
                new Route("DELETE", b, null, "project.backups.delete", 404),
                new Route("POST", b + "/restore", "{\"pre_restore_backup\":false,\"target_environment_id\":\"no-such-env\"}",
                        "project.backups.restore", 404),
                new Route("POST", b + "/verify-restore", null, "project.backups.create", 404),
                new Route("POST", b + "/verify-pool", null, "project.backups.create", 404),
                new Route("GET", "/api/v1/environments/" + ENV + "/restores", null, "project.backups.view", 404),
                new Route("GET", "/api/v1/tasks/" + backup.get("task_id").asText(), null, "project.backups.view", 404),
                new Route("GET", "/api/v1/organizations/" + ORG + "/quota", null, "project.backups.view", 404),
                new Route("GET", "/api/v1/organizations/" + ORG + "/encryption", null, "project.backups.view", 404),
                new Route("POST", "/api/v1/organizations/" + ORG + "/encryption/rotate", null, "org.storage.manage", 404),
                // platform operations: the admin token only, whatever an organization's token holds
                new Route("PUT", "/api/v1/organizations/" + ORG + "/quota", "{\"quota_bytes\":1}", "org.storage.manage", 403),
                new Route("POST", "/api/v1/retention/sweep", null, "project.backups.restore", 403),
                new Route("POST", "/api/v1/organizations/" + ORG + "/encryption/export",
                        "{\"recipient\":\"age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\"}", "org.storage.manage", 403),
                new Route("POST", "/api/v1/organizations/" + ORG + "/encryption/import", "{}", "org.storage.manage", 403),
                // lists answer another organization with its own (here empty) items
                new Route("GET", "/api/v1/environments", null, "project.backups.view", 200),
                new Route("GET", "/api/v1/backups/storage-configs", null, "org.storage.manage", 200));
    }

    @Test
    void everyRouteAnswers401403And404AsTheContractSays() throws Exception {
        int checks = 0;
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            Map<String, Integer> expected = Map.of("no token", 401, "wrong token", 401,
                    "token lacking " + route.permission(), 403, "token of another organization", route.otherOrganization());
            Map<String, String> tokens = new HashMap<>();
            tokens.put("no token", null);
            tokens.put("wrong token", "obk_not-a-token");
            tokens.put("token lacking " + route.permission(), lacking.get(route.permission()));
            tokens.put("token of another organization", other);
            for (var entry : expected.entrySet()) {
                var response = service.call(route.method(), route.path(), route.body(), tokens.get(entry.getKey()));
                checks++;
                boolean problem = response.headers().firstValue("Content-Type").orElse("").equals("application/problem+json");
                if (response.statusCode() != entry.getValue() || problem != (entry.getValue() >= 400)) {
                    wrong.add(route.method() + " " + route.path() + " with " + entry.getKey() + ": " + response.statusCode()
                            + " " + response.body());
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checks).isEqualTo(routes().size() * 4);
        System.out.printf("Access matrix: %d routes x 4 cases = %d checks%n", routes().size(), checks);
        // nothing changed
        assertThat(service.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("status").asText()).isEqualTo("completed");
        assertThat(service.expect(200, "GET", "/api/v1/backups/storage-configs/" + configId, null).get("name").asText()).isEqualTo("Folder");
        assertThat(service.expect(200, "GET", "/api/v1/organizations/" + ORG + "/quota", null).get("quota_bytes").isNull()).isTrue();
    }

    @Test
    void listsShowOnlyTheTokensOrganizationAndTheSweepNeedsTheAdminToken() throws Exception {
        ApiClient otherClient = new ApiClient(service.baseUrl(), other);
        assertThat(otherClient.expect(200, "GET", "/api/v1/environments", null).get("items").findValuesAsText("id")).doesNotContain(ENV);
        assertThat(otherClient.expect(200, "GET", "/api/v1/backups/storage-configs", null).get("items").findValuesAsText("organization_id"))
                .doesNotContain(ORG);
        ApiClient own = new ApiClient(service.baseUrl(), lacking.get("project.backups.restore"));
        assertThat(own.expect(200, "GET", "/api/v1/environments", null).get("items").findValuesAsText("organization_id")).containsOnly(ORG);
        own.expect(403, "POST", "/api/v1/retention/sweep", null);
        // a token cannot grant what it lacks, nor act for another organization
        own.expect(403, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"organization_id\":\"" + ORG + "\",\"permissions\":[\"project.backups.restore\"]}");
        own.expect(403, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"organization_id\":\"" + OTHER + "\",\"permissions\":[\"project.backups.view\"]}");
        service.expect(400, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"organization_id\":\"" + ORG + "\",\"permissions\":[\"root\"]}");
    }

    @Test
    void aRevokedTokenIs401AndTokensAreStoredOnlyAsHashes() throws Exception {
        JsonNode issued = token(ORG, Set.of("project.backups.view"));
        String token = issued.get("token").asText();
        assertThat(token).startsWith("obk_");
        ApiClient client = new ApiClient(service.baseUrl(), token);
        client.expect(200, "GET", "/api/v1/environments/" + ENV, null);
        client.expect(403, "DELETE", "/api/v1/environments/" + ENV, null);
        try (var db = service.database(); var rows = db.createStatement().executeQuery("SELECT token_hash FROM api_token")) {
            while (rows.next()) {
                assertThat(rows.getString(1)).hasSize(64).isNotEqualTo(token);
            }
        }
        // a token may ask what it is (the console offers only what it may do), and nothing more
        JsonNode self = client.expect(200, "GET", "/api/v1/tokens/self", null);
        assertThat(self.get("id").asText()).isEqualTo(issued.get("id").asText());
        assertThat(self.get("permissions").toString()).isEqualTo("[\"project.backups.view\"]");
        assertThat(self.toString()).doesNotContain(token).doesNotContain("token_hash");
        assertThat(service.expect(200, "GET", "/api/v1/tokens/self", null).get("id").asText()).isEqualTo("admin");
        assertThat(service.call("GET", "/api/v1/tokens/self", null, null).statusCode()).isEqualTo(401);
        // a record says which token asked for it by id and by name
        ApiClient creator = new ApiClient(service.baseUrl(), lacking.get("project.backups.restore"));
        JsonNode made = creator.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
        JsonNode record = service.expect(200, "GET", "/api/v1/backups/" + made.get("id").asText(), null);
        assertThat(record.get("created_by_name").asText()).isEqualTo("t");
        assertThat(record.get("created_by").asText()).matches("[0-9a-f-]{36}");
        assertThat(service.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("created_by_name").asText()).isEqualTo("admin");
        Await.until("the token's backup ends", Duration.ofSeconds(60),
                () -> service.expect(200, "GET", "/api/v1/backups/" + made.get("id").asText(), null).get("status").asText(), "completed"::equals);
        // a token whose id was lost is found by its name in the list, which never shows a secret or another organization's
        JsonNode listed = service.expect(200, "GET", "/api/v1/tokens?organization_id=" + ORG, null).get("items");
        assertThat(listed.findValuesAsText("id")).contains(issued.get("id").asText());
        assertThat(listed.findValuesAsText("organization_id")).containsOnly(ORG);
        assertThat(listed.toString()).doesNotContain(token).doesNotContain("token_hash").doesNotContain("\"token\"");
        ApiClient otherManager = new ApiClient(service.baseUrl(), other);
        assertThat(otherManager.expect(200, "GET", "/api/v1/tokens", null).get("items").findValuesAsText("organization_id")).containsOnly(OTHER);
        service.expect(204, "DELETE", "/api/v1/tokens/" + issued.get("id").asText(), null);
        assertThat(service.expect(200, "GET", "/api/v1/tokens", null).get("items").findValuesAsText("id")).doesNotContain(issued.get("id").asText());
        client.expect(401, "GET", "/api/v1/environments/" + ENV, null);
        service.expect(404, "DELETE", "/api/v1/tokens/" + issued.get("id").asText(), null);
    }
}
