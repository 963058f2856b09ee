package io.odoobackup.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert rules (docs/api.md §13) with their defaults: an organization's, and an environment's overrides over them.
 * A flag rule is true or false; a threshold rule a number, or false / null to turn it off.
 */
public final class AlertRules {

    /** The rules of an organization that set none, in the order the API shows them. */
    public static final Map<String, Object> DEFAULTS = defaults();
    /** The platform's rules (the organization "platform"), for platform channels. */
    public static final Map<String, Object> PLATFORM = platform();
    private static final TypeReference<Map<String, Object>> RULES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public AlertRules(ObjectMapper json) {
        this.json = json;
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("backup_failed", true);
        rules.put("failures_in_a_row", 2);
        rules.put("schedule_late", true);
        rules.put("schedule_missed", true);
        rules.put("no_backup_hours", 26);
        rules.put("restore_check_failed", true);
        rules.put("backup_damaged", true);
        rules.put("copy_failed", true);
        rules.put("storage_unreachable", true);
        rules.put("quota_percent", 90);
        return rules;
    }

    private static Map<String, Object> platform() {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("outbox_stalled_minutes", 10);
        rules.put("docker_host_down", true);
        rules.put("leftovers_failed", true);
        rules.put("records_unready", true);
        return rules;
    }

    /** The rules there are at a scope: the platform's for the organization "platform", else an organization's. */
    private static Map<String, Object> known(String organizationId) {
        return Names.PLATFORM.equals(organizationId) ? PLATFORM : DEFAULTS;
    }

    /**
     * The rules a PUT body sets for organization {@code organizationId} (or one of its environments): known names only,
     * each a flag or a number in its range (false or null: off).
     */
    public String read(String body, String organizationId) throws JsonProcessingException {
        JsonNode given;
        try {
            given = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("The request body is not valid JSON: fix its syntax");
        }
        if (given == null || !given.isObject()) {
            throw Problem.badRequest("The alert rules are a JSON object: {\"backup_failed\":true,\"failures_in_a_row\":2,...}");
        }
        Map<String, Object> rules = new LinkedHashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) given::fields) {
            String rule = field.getKey();
            JsonNode value = field.getValue();
            Object fallback = known(organizationId).get(rule);
            if (fallback == null) {
                throw Problem.badRequest("Unknown rule '" + rule + "': the rules are " + String.join(", ", known(organizationId).keySet()));
            }
            if (fallback instanceof Boolean) {
                if (!value.isBoolean()) {
                    throw Problem.badRequest("Rule '" + rule + "' is true or false");
                }
                rules.put(rule, value.booleanValue());
            } else if (value.isNull() || (value.isBoolean() && !value.booleanValue())) {
                rules.put(rule, false);
            } else if (value.isNumber() && value.doubleValue() > 0 && value.doubleValue() <= limit(rule)) {
                // not one ?: of both: it would make every number a double, and a count "2.0"
                Object number = isDuration(rule) ? (Object) value.doubleValue() : (Object) value.intValue();
                rules.put(rule, number);
            } else {
                throw Problem.badRequest("Rule '" + rule + "' is a number from " + (isDuration(rule) ? "0 (exclusive)" : "1")
                        + " to " + limit(rule) + ", or false to turn it off");
            }
        }
        return json.writeValueAsString(rules);
    }

    /** The rules in force: the defaults, over them the organization's, over those the environment's (each may be null). */
    private Map<String, Object> effective(String organizationId, Object organizationRules, Object environmentRules)
            throws JsonProcessingException {
        Map<String, Object> rules = new LinkedHashMap<>(known(organizationId));
        for (Object stored : new Object[] {organizationRules, environmentRules}) {
            if (stored != null) {
                rules.putAll(json.readValue(stored.toString(), RULES));
            }
        }
        return rules;
    }

    /** GET: the rules in force at the scope (an organization, or an environment over its organization {@code organizationId}'s). */
    public Map<String, Object> view(String scope, String organizationId, Map<String, Object> row) throws JsonProcessingException {
        return effective(organizationId, row == null ? null : row.get("organization"),
                row == null || !scope.startsWith("environment:") ? null : row.get("own"));
    }

    /** A duration in hours or minutes may be a fraction; a count or a percentage is whole. */
    private static boolean isDuration(String rule) {
        return rule.endsWith("_hours") || rule.endsWith("_minutes");
    }

    private static double limit(String rule) {
        return switch (rule) {
            case "failures_in_a_row" -> 100;
            case "quota_percent" -> 100;
            default -> 24 * 365;
        };
    }
}
