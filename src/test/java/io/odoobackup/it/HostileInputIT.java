package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every field that reaches a command, a path or SQL: each gets a 4xx, nothing is
 * created, and the service still backs up afterwards.
 */
class HostileInputIT {

    private static final String ORG = "org-hostile";
    private static final String ENV = "it-hostile";
    private static TestService service;

    private static final List<String> HOSTILE = List.of(
            "; rm -rf /", "$(id)", "`id`", "| cat /etc/passwd", "a && b", "x > /tmp/owned", "../../etc/passwd", "..", ".",
            "/", "a/../../b", "a\u0000b", "line\nbreak", "tab\there", "x".repeat(5000), "é", "\uD83D\uDE00", "\u202Eevil",
            "' OR '1'='1", "\"; DROP TABLE backup; --", "%00", "%2e%2e%2f", "-h", "--help", "*", "?", "~root", "\\\\server",
            "", " ", "a b", "$HOME", "{{backup.admin.token}}", "${header.Authorization}", "#{bean}");

    private static final List<String> ENVIRONMENT_FIELDS = List.of("id", "organization_id", "db_name", "db_user",
            "odoo_container", "db_container", "filestore_path");

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--files", "5", "--rows", "50");
        service.environment(ENV, ORG, "odoo_it_hostile");
        service.folderStorage(ORG);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static String records() throws Exception {
        try (Connection c = service.database(); ResultSet r = c.createStatement().executeQuery(
                "SELECT (SELECT count(*) FROM environment) || '/' || (SELECT count(*) FROM storage_config) || '/'"
                        + " || (SELECT count(*) FROM backup) || '/' || (SELECT count(*) FROM backup_policy) || '/'"
                        + " || (SELECT count(*) FROM api_token)")) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void hostileValuesAreRefusedWithoutSideEffects() throws Exception {
        String before = records();
        String containers = Tools.ok("docker", "ps", "-a", "--format", "{{.Names}}");
        List<String> requests = new ArrayList<>();
        for (String value : HOSTILE) {
            for (String field : ENVIRONMENT_FIELDS) {
                StringBuilder body = new StringBuilder("{\"id\":\"ok-id\",\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"db_name\":\"db\"");
                body.append(",").append(quoted(field)).append(":").append(quoted(value)).append("}");
                requests.add("POST /api/v1/environments " + body);
            }
            requests.add("POST /api/v1/backups/storage-configs {\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"provider\":\"local\",\"base_path\":" + quoted(value) + "}");
            requests.add("POST /api/v1/backups/storage-configs {\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"provider\":\"local\",\"path_prefix\":" + quoted(value) + "}");
            requests.add("POST /api/v1/backups/storage-configs {\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"provider\":\"sftp\",\"ftp_username\":\"u\",\"ftp_password\":\"p\",\"ftp_host\":" + quoted(value) + "}");
            requests.add("POST /api/v1/backups/storage-configs {\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"provider\":" + quoted(value) + "}");
            requests.add("POST /api/v1/backups/environments/" + ENV + "/backups {\"backup_type\":" + quoted(value) + "}");
            requests.add("POST /api/v1/backups/environments/" + ENV + "/backups {\"storage_config_id\":" + quoted(value) + "}");
            requests.add("PUT /api/v1/backups/environments/" + ENV + "/policy {\"enabled\":true,\"timezone\":" + quoted(value) + "}");
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            if (!value.isEmpty() && !value.equals(".")) { // those two name the list itself
                requests.add("GET /api/v1/environments/" + encoded + " ");
                requests.add("GET /api/v1/backups/" + encoded + "/download ");
                requests.add("DELETE /api/v1/backups/storage-configs/" + encoded + " ");
            }
            requests.add("GET /api/v1/backups/environments/" + ENV + "/backups?status=" + encoded + " ");
        }
        for (String number : List.of("1e309", "99999999999999999999999", "-1", "\"2\"", "1.5", "[]", "{}", "true")) {
            requests.add("POST /api/v1/environments {\"organization_id\":\"" + ORG + "\",\"name\":\"n\",\"db_name\":\"db\",\"cpu_cores\":" + number + "}");
            requests.add("PUT /api/v1/organizations/" + ORG + "/quota {\"quota_bytes\":" + number + "}");
            requests.add("GET /api/v1/backups/environments/" + ENV + "/backups?limit=" + URLEncoder.encode(number, StandardCharsets.UTF_8) + " ");
        }
        for (String malformed : List.of("{", "{\"a\":", "[", "\"text\"", "{\"id\":\"x\",}", "{\"id\" \"x\"}", "\u0000", "{\"a\":1}{\"b\":2}",
                "{\"organization_id\":{\"$ne\":null}}", "{\"organization_id\":[\"" + ORG + "\"],\"name\":\"n\",\"db_name\":\"d\"}")) {
            requests.add("POST /api/v1/environments " + malformed);
        }
        requests.add("POST /api/v1/environments {\"organization_id\":\"" + ORG + "\",\"name\":\"" + "x".repeat(2_000_000) + "\",\"db_name\":\"d\"}");

        List<String> wrong = new ArrayList<>();
        for (String request : requests) {
            String[] parts = request.split(" ", 3);
            var response = service.call(parts[0], parts[1], parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null);
            if (response.statusCode() < 400 || response.statusCode() >= 500) {
                wrong.add(response.statusCode() + " for " + request.substring(0, Math.min(200, request.length())) + ": " + response.body());
            }
        }
        System.out.printf("Hostile inputs: %d requests, all refused with a 4xx%n", requests.size());
        assertThat(wrong).isEmpty();
        assertThat(requests.size()).isGreaterThanOrEqualTo(100);
        assertThat(records()).isEqualTo(before);
        assertThat(Tools.ok("docker", "ps", "-a", "--format", "{{.Names}}")).isEqualTo(containers);
        assertThat(Tools.run(List.of("ls", "/tmp/owned")).exitCode()).isNotZero();

        // and it still works
        assertThat(service.backup(ENV, "{}").get("status").asText()).isEqualTo("completed");
    }
}
