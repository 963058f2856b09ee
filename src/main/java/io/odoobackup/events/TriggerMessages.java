package io.odoobackup.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odoobackup.api.Problem;
import io.odoobackup.api.ProblemResponder;
import io.odoobackup.security.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests taken from BACKUP_TRIGGER_URI (docs/api.md §10): {"action":"backup"|"restore","token",
 * "environment_id"|"backup_id","correlation_id"?, ...the API body}. Read into what the API's routes take (the token
 * as the Authorization header, the body without the message's own fields); a message that cannot be carried out
 * becomes one request.rejected event, never a redelivery.
 */
public final class TriggerMessages {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerMessages.class);
    private static final Pattern CORRELATION_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final ObjectMapper json;

    public TriggerMessages(ObjectMapper json) {
        this.json = json;
    }

    /** Reads the message in the body; returns its action and leaves what the API's route takes on the exchange. */
    public String read(Exchange exchange) throws Exception {
        exchange.getMessage().removeHeader("Authorization");
        JsonNode message;
        try {
            message = json.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw Problem.badRequest("The message is not JSON: send {\"action\":\"backup\"|\"restore\",\"token\",...}");
        }
        if (!(message instanceof ObjectNode fields)) {
            throw Problem.badRequest("The message must be a JSON object: {\"action\":\"backup\"|\"restore\",\"token\",...}");
        }
        // read first, so that a rejection of anything below still names the request it answers
        JsonNode correlation = fields.remove("correlation_id");
        if (correlation != null && !correlation.isNull()) {
            if (!correlation.isTextual() || !CORRELATION_ID.matcher(correlation.asText()).matches()) {
                throw Problem.badRequest("Field 'correlation_id' must be text of 1 to 200 visible ASCII characters");
            }
            exchange.setProperty("correlationId", correlation.asText());
        }
        String action = text(fields.remove("action"), "action");
        String token = text(fields.remove("token"), "token");
        exchange.getMessage().setHeader("Authorization", "Bearer " + token);
        switch (action) {
            case "backup" -> exchange.setProperty("environmentId", id(fields.remove("environment_id"), "environment_id", Names.ID, Names.ID_HINT));
            case "restore" -> exchange.setProperty("backupId", id(fields.remove("backup_id"), "backup_id", Names.UUID, Names.UUID_HINT));
            default -> throw Problem.badRequest("Field 'action' must be backup or restore");
        }
        exchange.setProperty("action", action);
        exchange.setProperty("request", json.writeValueAsString(fields));
        return action;
    }

    private static String text(JsonNode value, String field) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw Problem.badRequest("Field '" + field + "' is required as text");
        }
        return value.asText();
    }

    private static String id(JsonNode value, String field, Predicate<String> valid, String hint) {
        String id = text(value, field);
        if (!valid.test(id)) {
            throw Problem.badRequest("Field '" + field + "' must be " + hint);
        }
        return id;
    }

    /** Parameters of sql/event-rejected.sql for the failure caught: why, never the token. */
    public Map<String, Object> rejected(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = ProblemResponder.toProblem(cause, exchange);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("correlation_id", exchange.getProperty("correlationId"));
        data.put("action", exchange.getProperty("action"));
        data.put("environment_id", exchange.getProperty("environmentId"));
        data.put("backup_id", exchange.getProperty("backupId"));
        data.put("status", problem.status());
        data.put("title", problem.title());
        data.put("detail", problem.getMessage());
        LOG.warn("Trigger message rejected ({} {}): {}", problem.status(), problem.title(), problem.getMessage());
        String id = UUID.randomUUID().toString();
        return Map.of("id", id, "subject", exchange.getProperty("correlationId") != null ? exchange.getProperty("correlationId") : id,
                "data", json.writeValueAsString(data));
    }
}
