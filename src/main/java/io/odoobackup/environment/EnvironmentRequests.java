package io.odoobackup.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/** Reads a create or change body of an environment into the columns of its record, defaults filled in. */
public final class EnvironmentRequests {

    private static final Set<String> FIELDS = Set.of("id", "organization_id", "name", "db_name", "odoo_container", "db_container",
            "db_user", "filestore_path", "odoo_version", "odoo_image", "cpu_cores", "ram_mb", "disk_gb", "docker_host_id");
    /** Fields that name the environment for good: a PATCH cannot change them. */
    private static final Set<String> FIXED = Set.of("id", "organization_id");
    private static final String FILESTORES = "/var/lib/odoo/filestore/";

    private final ObjectMapper json;

    public EnvironmentRequests(ObjectMapper json) {
        this.json = json;
    }

    /** POST /environments: the new record. */
    public Map<String, Object> toRecord(Exchange exchange) {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), FIELDS, "in an environment");
        String id = body.text("id", Names.ID, Names.ID_HINT).orElseGet(() -> UUID.randomUUID().toString());
        String organizationId = body.requiredText("organization_id", Names.ORGANIZATION, Names.ORGANIZATION_HINT);
        Principal principal = exchange.getProperty("principal", Principal.class);
        if (!principal.sees(organizationId)) {
            throw new Problem(403, "Forbidden", "The token may not act for organization " + organizationId);
        }
        String dbName = body.requiredText("db_name", Names.DB_NAME, Names.DB_NAME_HINT);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("organization_id", organizationId);
        record.put("name", body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT));
        record.put("db_name", dbName);
        record.put("odoo_container", id + "_odoo");
        record.put("db_container", id + "_db");
        record.put("db_user", "odoo");
        record.put("filestore_path", FILESTORES + dbName);
        record.put("odoo_version", null);
        record.put("odoo_image", null);
        record.put("cpu_cores", null);
        record.put("ram_mb", null);
        record.put("disk_gb", null);
        record.put("docker_host_id", DockerHosts.DEFAULT);
        apply(body, record);
        record.put("allow_unlabelled", false); // set by the ownership check when the admin registers unlabelled containers
        return record;
    }

    /**
     * PATCH /environments/{id}: the stored record (exchangeProperty.environment) with the fields sent; a field sent
     * as null goes back to its default. A changed db_name moves a filestore_path that was the default along.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> merge(Exchange exchange) {
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class), FIELDS, "in an environment");
        for (String fixed : FIXED) {
            if (body.has(fixed)) {
                throw Problem.badRequest("Field '" + fixed + "' cannot change: register a new environment instead");
            }
        }
        Map<String, Object> stored = exchange.getProperty("environment", Map.class);
        Map<String, Object> record = new LinkedHashMap<>();
        for (String column : FIELDS) {
            record.put(column, stored.get(column));
        }
        String id = (String) stored.get("id");
        if (body.isNull("name") || body.isNull("db_name")) {
            throw Problem.badRequest("Fields 'name' and 'db_name' cannot be removed");
        }
        Map<String, Object> defaults = Map.of("odoo_container", id + "_odoo", "db_container", id + "_db", "db_user", "odoo",
                "docker_host_id", DockerHosts.DEFAULT);
        for (String column : FIELDS) {
            if (!FIXED.contains(column) && body.isNull(column)) {
                record.put(column, defaults.get(column));
            }
        }
        String oldDbName = (String) stored.get("db_name");
        apply(body, record);
        if (!record.get("db_name").equals(oldDbName) && !body.has("filestore_path")
                && (FILESTORES + oldDbName).equals(stored.get("filestore_path"))) {
            record.put("filestore_path", FILESTORES + record.get("db_name"));
        }
        if (record.get("filestore_path") == null) {
            record.put("filestore_path", FILESTORES + record.get("db_name"));
        }
        record.put("allow_unlabelled", false);
        return record;
    }

    private static void apply(JsonBody body, Map<String, Object> record) {
        body.text("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT).ifPresent(v -> record.put("name", v));
        body.text("db_name", Names.DB_NAME, Names.DB_NAME_HINT).ifPresent(v -> record.put("db_name", v));
        body.text("odoo_container", Names.CONTAINER, Names.CONTAINER_HINT).ifPresent(v -> record.put("odoo_container", v));
        body.text("db_container", Names.CONTAINER, Names.CONTAINER_HINT).ifPresent(v -> record.put("db_container", v));
        body.text("db_user", Names.DB_NAME, Names.DB_NAME_HINT).ifPresent(v -> record.put("db_user", v));
        body.text("filestore_path", Names.ABSOLUTE_PATH, Names.ABSOLUTE_PATH_HINT).ifPresent(v -> record.put("filestore_path", v));
        body.text("odoo_version", Names.LABEL, Names.LABEL_HINT).ifPresent(v -> record.put("odoo_version", v));
        body.text("odoo_image", Names.LABEL, Names.LABEL_HINT).ifPresent(v -> record.put("odoo_image", v));
        body.integer("cpu_cores", 1, 1024).ifPresent(v -> record.put("cpu_cores", v));
        body.integer("ram_mb", 1, 16_777_216).ifPresent(v -> record.put("ram_mb", v));
        body.integer("disk_gb", 1, 1_048_576).ifPresent(v -> record.put("disk_gb", v));
        body.text("docker_host_id", Names.ID, Names.ID_HINT).ifPresent(v -> record.put("docker_host_id", v));
    }
}
