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

/** Reads a create-environment body into the columns of an environment record, defaults filled in. */
public final class EnvironmentRequests {

    private static final Set<String> FIELDS = Set.of("id", "organization_id", "name", "db_name", "odoo_container", "db_container",
            "db_user", "filestore_path", "odoo_version", "odoo_image", "cpu_cores", "ram_mb", "disk_gb");

    private final ObjectMapper json;

    public EnvironmentRequests(ObjectMapper json) {
        this.json = json;
    }

    public Map<String, Object> toRecord(Exchange exchange) {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), FIELDS, "in an environment");
        String id = body.text("id", Names.ID, Names.ID_HINT).orElseGet(() -> UUID.randomUUID().toString());
        String organizationId = body.requiredText("organization_id", Names.ID, Names.ID_HINT);
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
        record.put("odoo_container", body.text("odoo_container", Names.CONTAINER, Names.CONTAINER_HINT).orElse(id + "_odoo"));
        record.put("db_container", body.text("db_container", Names.CONTAINER, Names.CONTAINER_HINT).orElse(id + "_db"));
        record.put("db_user", body.text("db_user", Names.DB_NAME, Names.DB_NAME_HINT).orElse("odoo"));
        record.put("filestore_path", body.text("filestore_path", Names.ABSOLUTE_PATH, Names.ABSOLUTE_PATH_HINT)
                .orElse("/var/lib/odoo/filestore/" + dbName));
        record.put("odoo_version", body.text("odoo_version", Names.LABEL, Names.LABEL_HINT).orElse(null));
        record.put("odoo_image", body.text("odoo_image", Names.LABEL, Names.LABEL_HINT).orElse(null));
        record.put("cpu_cores", body.integer("cpu_cores", 1, 1024).orElse(null));
        record.put("ram_mb", body.integer("ram_mb", 1, 16_777_216).orElse(null));
        record.put("disk_gb", body.integer("disk_gb", 1, 1_048_576).orElse(null));
        record.put("allow_unlabelled", false); // set by the ownership check when the admin registers unlabelled containers
        return record;
    }
}
