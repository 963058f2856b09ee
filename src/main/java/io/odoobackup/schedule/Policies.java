package io.odoobackup.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/** Backup policies (docs/api.md §3): read from a PUT body over the defaults or a PATCH over the stored policy, shown as stored. */
public final class Policies {

    private final ObjectMapper json;

    public Policies(ObjectMapper json) {
        this.json = json;
    }

    /** The policy an environment has before one is saved: disabled, with the defaults docs/api.md §3 gives. */
    public static Map<String, Object> defaults(String environmentId) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("environment_id", environmentId);
        policy.put("enabled", false);
        policy.put("schedule_time", "02:00");
        policy.put("timezone", "UTC");
        policy.put("storage_config_id", null);
        policy.put("secondary_storage_config_id", null);
        policy.put("include_filestore", true);
        policy.put("daily_retention_days", 7);
        policy.put("weekly_retention_weeks", 4);
        policy.put("monthly_retention_months", 12);
        policy.put("yearly_retention_years", 2);
        policy.put("weekly_backup_day", "sunday");
        policy.put("monthly_backup_day", 1);
        policy.put("verify_restore", false);
        policy.put("schedule_window_minutes", 60);
        return policy;
    }

    private static final Set<String> FIELDS = Set.of("enabled", "schedule_time", "timezone", "storage_config_id",
            "secondary_storage_config_id", "include_filestore", "daily_retention_days", "weekly_retention_weeks",
            "monthly_retention_months", "yearly_retention_years", "weekly_backup_day", "monthly_backup_day", "verify_restore",
            "schedule_window_minutes");

    /** The row to store for a PUT on the environment in exchangeProperty.environment: what is omitted takes its default. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> read(Exchange exchange) {
        Map<String, Object> environment = exchange.getProperty("environment", Map.class);
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class), FIELDS, "in a backup policy");
        Map<String, Object> policy = defaults((String) environment.get("id"));
        policy.put("organization_id", environment.get("organization_id"));
        policy.put("enabled", body.bool("enabled")
                .orElseThrow(() -> Problem.badRequest("Field 'enabled' is required: true or false (PATCH changes single fields)")));
        return apply(body, policy);
    }

    /**
     * The row to store for a PATCH: the stored policy (exchangeProperty.stored; the defaults when there is none)
     * with the fields the body names; null removes a storage configuration.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> patch(Exchange exchange) {
        Map<String, Object> environment = exchange.getProperty("environment", Map.class);
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class), FIELDS, "in a backup policy");
        Map<String, Object> policy = defaults((String) environment.get("id"));
        Map<String, Object> stored = exchange.getProperty("stored", Map.class);
        if (stored != null) {
            policy.keySet().forEach(field -> policy.put(field, stored.get(field)));
        }
        policy.put("organization_id", environment.get("organization_id"));
        body.bool("enabled").ifPresent(v -> policy.put("enabled", v));
        for (String cleared : List.of("storage_config_id", "secondary_storage_config_id")) {
            if (body.isNull(cleared)) {
                policy.put(cleared, null);
            }
        }
        return apply(body, policy);
    }

    /** What a save changed, for the log: "field old -> new" for each field that differs, or "nothing". */
    @SuppressWarnings("unchecked")
    public String changes(Exchange exchange) {
        Map<String, Object> after = exchange.getProperty("policy", Map.class);
        Map<String, Object> stored = exchange.getProperty("stored", Map.class);
        Map<String, Object> before = stored != null ? stored : defaults((String) after.get("environment_id"));
        String changed = FIELDS.stream().sorted()
                .filter(field -> !String.valueOf(before.get(field)).equals(String.valueOf(after.get(field))))
                .map(field -> field + " " + before.get(field) + " -> " + after.get(field))
                .collect(Collectors.joining(", "));
        return changed.isEmpty() ? "nothing" : changed;
    }

    private Map<String, Object> apply(JsonBody body, Map<String, Object> policy) {
        body.text("schedule_time", s -> s.matches("([01][0-9]|2[0-3]):[0-5][0-9]"), "a time HH:MM, e.g. 02:00")
                .ifPresent(v -> policy.put("schedule_time", v));
        body.text("timezone", Policies::isZone, "an IANA time zone id such as UTC or Europe/Berlin (not an offset such as UTC+5)")
                .ifPresent(v -> policy.put("timezone", v));
        body.text("storage_config_id", Names.UUID, Names.UUID_HINT).ifPresent(v -> policy.put("storage_config_id", v));
        body.text("secondary_storage_config_id", Names.UUID, Names.UUID_HINT).ifPresent(v -> policy.put("secondary_storage_config_id", v));
        if (policy.get("secondary_storage_config_id") != null
                && policy.get("secondary_storage_config_id").equals(policy.get("storage_config_id"))) {
            throw Problem.badRequest("Field 'secondary_storage_config_id' names the policy's own storage: a copy needs another"
                    + " storage configuration");
        }
        body.bool("include_filestore").ifPresent(v -> policy.put("include_filestore", v));
        body.integer("daily_retention_days", 1, 3660).ifPresent(v -> policy.put("daily_retention_days", v));
        body.integer("weekly_retention_weeks", 1, 520).ifPresent(v -> policy.put("weekly_retention_weeks", v));
        body.integer("monthly_retention_months", 1, 1200).ifPresent(v -> policy.put("monthly_retention_months", v));
        body.integer("yearly_retention_years", 1, 100).ifPresent(v -> policy.put("yearly_retention_years", v));
        body.text("weekly_backup_day", s -> isDay(s), "a day of the week in lower case, e.g. sunday")
                .ifPresent(v -> policy.put("weekly_backup_day", v));
        body.integer("monthly_backup_day", 1, 31).ifPresent(v -> policy.put("monthly_backup_day", v));
        body.bool("verify_restore").ifPresent(v -> policy.put("verify_restore", v));
        body.integer("schedule_window_minutes", 1, 720).ifPresent(v -> policy.put("schedule_window_minutes", v));
        return policy;
    }

    /** The request body of the backup a policy starts. */
    @SuppressWarnings("unchecked")
    public String backupRequest(Map<String, Object> policy) throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("include_filestore", policy.get("include_filestore"));
        if (policy.get("storage_config_id") != null) {
            request.put("storage_config_id", policy.get("storage_config_id"));
        }
        return json.writeValueAsString(request);
    }

    /** IANA region ids only: offsets such as "UTC+5" parse, but Quartz would read them as UTC. */
    private static boolean isZone(String zone) {
        return ZoneId.getAvailableZoneIds().contains(zone);
    }

    private static boolean isDay(String day) {
        try {
            return DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)) != null && day.equals(day.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
