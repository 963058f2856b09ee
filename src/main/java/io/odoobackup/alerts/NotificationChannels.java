package io.odoobackup.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import io.odoobackup.security.Redaction;
import io.odoobackup.security.SecretBox;
import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Hosts;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * Notification channels (docs/api.md §13): an organization's (or the platform's) e-mail and webhook destinations of
 * alerts. Read from requests with the fields of their kind, checked (hosts pass the egress rule of storage), secrets
 * sealed and shown as "****".
 */
public final class NotificationChannels {

    private static final Set<String> EMAIL = Set.of("kind", "name", "smtp_host", "smtp_port", "smtp_security", "smtp_username",
            "smtp_password", "smtp_ca", "from", "to");
    private static final Set<String> WEBHOOK = Set.of("kind", "name", "url", "secret", "style");
    private static final Set<String> SECRETS = Set.of("smtp_password", "secret");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Predicate<String> SECRET = s -> !s.isEmpty() && s.length() <= 1024 && s.codePoints().noneMatch(Character::isISOControl);
    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> SEALED = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final SecretBox secretBox;
    private final Egress egress;

    public NotificationChannels(ObjectMapper json, SecretBox secretBox, Egress egress) {
        this.json = json;
        this.secretBox = secretBox;
        this.egress = egress;
    }

    /** One channel, secrets opened: held only while a message is sent. */
    public record Channel(String id, String organizationId, String kind, String name, Map<String, Object> settings,
                          Map<String, String> secrets) {

        public String setting(String name) {
            Object value = settings.get(name);
            return value == null ? null : value.toString();
        }

        /** A text without any of this channel's secrets. */
        public String redact(String text) {
            return Redaction.redact(text, secrets.values());
        }
    }

    /** POST: the columns of a new channel of organization {@code organizationId} (the path's). */
    public Map<String, Object> toRecord(Exchange exchange) throws JsonProcessingException {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class));
        String kind = body.requiredText("kind", k -> k.equals("email") || k.equals("webhook"), "email or webhook");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", UUID.randomUUID().toString());
        record.put("organization_id", exchange.getMessage().getHeader("org_id", String.class));
        record.put("kind", kind);
        return fill(record, body, Map.of(), Map.of(), true);
    }

    /** PATCH: the stored row (the body) with the fields sent; "****" keeps a stored secret. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> patchRecord(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        Channel stored = open(row);
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class));
        body.text("kind", stored.kind()::equals, "unchanged: " + stored.kind() + " (add a new channel for another kind)");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", stored.id());
        record.put("organization_id", stored.organizationId());
        record.put("kind", stored.kind());
        record.put("name", stored.name());
        return fill(record, body, stored.settings(), stored.secrets(), false);
    }

    private Map<String, Object> fill(Map<String, Object> record, JsonBody body, Map<String, Object> storedSettings,
                                     Map<String, String> storedSecrets, boolean created) throws JsonProcessingException {
        boolean email = record.get("kind").equals("email");
        body.allowOnly(email ? EMAIL : WEBHOOK, "for a " + record.get("kind") + " channel");
        Map<String, Object> settings = new TreeMap<>(storedSettings);
        Map<String, String> secrets = new TreeMap<>(storedSecrets);
        body.text("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT).ifPresent(v -> record.put("name", v));
        if (record.get("name") == null) {
            throw Problem.badRequest("Field 'name' is required: " + Names.DISPLAY_NAME_HINT);
        }
        for (String secret : SECRETS) {
            if (body.isNull(secret)) {
                secrets.remove(secret);
            }
            body.text(secret, SECRET.or(Redaction.MASK::equals), "1-1024 characters without control characters")
                    .filter(v -> !Redaction.MASK.equals(v)).ifPresent(v -> secrets.put(secret, v));
        }
        if (email) {
            body.text("smtp_host", Hosts.NAME, Hosts.NAME_HINT).ifPresent(v -> settings.put("smtp_host", v));
            body.integer("smtp_port", 1, 65535).ifPresent(v -> settings.put("smtp_port", v));
            body.text("smtp_security", s -> s.equals("starttls") || s.equals("tls") || s.equals("none"), "starttls, tls or none")
                    .ifPresent(v -> settings.put("smtp_security", v));
            body.text("smtp_username", s -> s.length() <= 320 && SECRET.test(s), "a user name of up to 320 characters")
                    .ifPresent(v -> settings.put("smtp_username", v));
            if (body.isNull("smtp_ca")) {
                settings.remove("smtp_ca");
            }
            body.text("smtp_ca", s -> s.contains("-----BEGIN CERTIFICATE-----") && s.length() <= 65_536,
                    "the PEM certificate of the CA that signed the SMTP server's certificate (left out: the system's CAs)")
                    .ifPresent(v -> settings.put("smtp_ca", v));
            body.text("from", s -> ADDRESS.matcher(s).matches(), "an e-mail address").ifPresent(v -> settings.put("from", v));
            body.texts("to", 20, s -> ADDRESS.matcher(s).matches(), "a list of 1-20 e-mail addresses").ifPresent(v -> settings.put("to", v));
            settings.putIfAbsent("smtp_security", "starttls");
            settings.putIfAbsent("smtp_port", settings.get("smtp_security").equals("tls") ? 465 : 587);
            for (String required : List.of("smtp_host", "from", "to")) {
                if (!settings.containsKey(required) || (settings.get(required) instanceof List<?> list && list.isEmpty())) {
                    throw Problem.badRequest("Field '" + required + "' is required for an email channel");
                }
            }
            if (settings.containsKey("smtp_username") != secrets.containsKey("smtp_password")) {
                throw Problem.badRequest("Fields 'smtp_username' and 'smtp_password' go together: give both, or neither");
            }
            check((String) settings.get("smtp_host"), "smtp_host");
        } else {
            body.text("url", NotificationChannels::isUrl, "an http:// or https:// URL of a host name or IPv4 address")
                    .ifPresent(v -> settings.put("url", v));
            body.text("style", s -> s.equals("json") || s.equals("slack"), "json or slack").ifPresent(v -> settings.put("style", v));
            settings.putIfAbsent("style", "json");
            if (!settings.containsKey("url")) {
                throw Problem.badRequest("Field 'url' is required for a webhook channel");
            }
            check(URI.create((String) settings.get("url")).getHost(), "url");
        }
        record.put("settings", json.writeValueAsString(settings));
        record.put("secrets", secrets.isEmpty() ? null : secretBox.seal(json.writeValueAsString(secrets)));
        return record;
    }

    /** A channel's host must pass the egress rule of storage endpoints (docs/api.md §6). */
    private void check(String host, String field) {
        try {
            egress.resolve(host);
        } catch (Egress.Refused e) {
            throw Problem.badRequest("Field '" + field + "': " + e.getMessage());
        } catch (UnknownHostException notYet) {
            // checked again before every message
        }
    }

    private static boolean isUrl(String url) {
        if (url.length() > 2048 || url.codePoints().anyMatch(Character::isISOControl) || url.contains(" ")) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return (uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null
                    && Hosts.NAME.test(uri.getHost()) && uri.getUserInfo() == null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    public Channel open(Map<String, Object> row) throws JsonProcessingException {
        Map<String, String> secrets = row.get("secrets") == null ? Map.of() : json.readValue(secretBox.open((String) row.get("secrets")), SEALED);
        return new Channel((String) row.get("id"), (String) row.get("organization_id"), (String) row.get("kind"),
                (String) row.get("name"), json.readValue(row.get("settings").toString(), SETTINGS), secrets);
    }

    /** The API view: the kind's fields flat, secrets as "****". */
    public Map<String, Object> view(Map<String, Object> row) throws JsonProcessingException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("organization_id", row.get("organization_id"));
        view.put("kind", row.get("kind"));
        view.put("name", row.get("name"));
        view.putAll(json.readValue(row.get("settings").toString(), SETTINGS));
        if (row.get("secrets") != null) {
            for (String secret : json.readValue(secretBox.open((String) row.get("secrets")), SEALED).keySet()) {
                view.put(secret, Redaction.MASK);
            }
        }
        view.put("created_at", row.get("created_at"));
        view.put("updated_at", row.get("updated_at"));
        return view;
    }

    public List<Map<String, Object>> views(List<Map<String, Object>> rows) throws JsonProcessingException {
        List<Map<String, Object>> views = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            views.add(view(row));
        }
        return views;
    }
}
