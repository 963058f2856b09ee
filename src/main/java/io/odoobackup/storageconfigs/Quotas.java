package io.odoobackup.storageconfigs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.storage.Field;
import java.util.Set;
import org.apache.camel.Exchange;

/** The quota calls: which organization (path), and the new quota_bytes (null: unlimited). */
public final class Quotas {

    private final ObjectMapper json;

    public Quotas(ObjectMapper json) {
        this.json = json;
    }

    public void read(Exchange exchange) {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), Set.of("quota_bytes"), "in a quota");
        if (!body.has("quota_bytes") && !body.isNull("quota_bytes")) {
            throw Problem.badRequest("Field 'quota_bytes' is required: a number of bytes, or null for unlimited");
        }
        exchange.setProperty("quotaBytes", body.wholeNumber("quota_bytes", 0, Long.MAX_VALUE).orElse(null));
    }
}
