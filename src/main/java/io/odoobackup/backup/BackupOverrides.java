package io.odoobackup.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/** The manual retention override of a backup: a new expires_at (past ones too), or permanent. */
public final class BackupOverrides {

    private final ObjectMapper json;

    public BackupOverrides(ObjectMapper json) {
        this.json = json;
    }

    /** Parameters of sql/backup-override.sql for the backup row in exchangeProperty.backup. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> read(Exchange exchange) {
        Map<String, Object> backup = exchange.getProperty("backup", Map.class);
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class), Set.of("expires_at", "retention_type"),
                "in a backup change");
        boolean permanent = body.text("retention_type", "permanent"::equals,
                "permanent (send expires_at to set an expiry instead)").isPresent();
        Instant expiresAt = body.text("expires_at", BackupOverrides::isInstant, "an ISO-8601 time such as 2024-12-18T10:30:00Z")
                .map(t -> OffsetDateTime.parse(t).toInstant()).orElse(null);
        if (permanent == (expiresAt != null)) {
            throw Problem.badRequest("Send either 'expires_at' or 'retention_type': \"permanent\"");
        }
        if (!permanent && "permanent".equals(backup.get("retention_type"))) {
            throw Problem.conflict("Backup " + backup.get("id") + " is permanent: it has no expiry to move");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", backup.get("id"));
        params.put("retention_type", permanent ? "permanent" : backup.get("retention_type"));
        params.put("expires_at", BackupJob.sql(expiresAt));
        return params;
    }

    private static boolean isInstant(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
