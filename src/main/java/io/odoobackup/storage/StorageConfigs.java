package io.odoobackup.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import io.odoobackup.security.SecretBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.camel.Exchange;

/** Storage configuration records: read from requests, stored with sealed secrets, shown with secrets masked. */
public final class StorageConfigs {

    public static final String MASK = "****";
    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> SECRETS = new TypeReference<>() {
    };
    private static final Predicate<String> URL = s -> s.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?");
    private static final Predicate<String> HOST = s -> s.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final Predicate<String> FINGERPRINT = s -> s.matches("SHA256:[A-Za-z0-9+/]{43}=?");

    private final ObjectMapper json;
    private final SecretBox secretBox;

    public StorageConfigs(ObjectMapper json, SecretBox secretBox) {
        this.json = json;
        this.secretBox = secretBox;
    }

    /** The columns of a new storage_config row; settings and sealed secrets as JSON text. */
    public Map<String, Object> toRecord(Exchange exchange) throws JsonProcessingException {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class));
        String organizationId = body.requiredText("organization_id", Names.ID, Names.ID_HINT);
        if (!exchange.getProperty("principal", Principal.class).sees(organizationId)) {
            throw new Problem(403, "Forbidden", "The token may not act for organization " + organizationId);
        }
        Provider provider = body.oneOf("provider", Provider.class)
                .orElseThrow(() -> Problem.badRequest("Field 'provider' is required: one of s3, r2, b2, minio, ftp, sftp, local"));
        Map<String, Object> settings = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        readFields(body, provider, settings, secrets);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", UUID.randomUUID().toString());
        record.put("organization_id", organizationId);
        record.put("name", body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT));
        record.put("provider", JsonBody.wire(provider));
        record.put("is_default", body.bool("is_default").orElse(false));
        return store(record, settings, secrets);
    }

    /**
     * The columns of a PATCH on the row in the body: fields given replace theirs, null removes an optional
     * one, a secret sent back as "****" is kept; the provider and organization stay.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> patchRecord(Exchange exchange) throws JsonProcessingException {
        StorageConfig existing = open(exchange.getMessage().getBody(Map.class));
        boolean isDefault = Boolean.TRUE.equals(exchange.getMessage().getBody(Map.class).get("is_default"));
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class));
        body.text("provider", s -> s.equals(JsonBody.wire(existing.provider())), "unchanged: "
                + JsonBody.wire(existing.provider()) + " (create a new configuration for another provider)");
        body.text("organization_id", s -> s.equals(existing.organizationId()), "unchanged: " + existing.organizationId());
        if (body.bool("is_default").orElse(true) == false && isDefault) {
            throw Problem.badRequest("Field 'is_default' cannot be false on the default: make another configuration the default");
        }
        Map<String, Object> settings = new TreeMap<>(existing.settings());
        Map<String, String> secrets = new TreeMap<>(existing.secrets());
        for (String field : existing.provider().optional()) {
            if (body.isNull(field)) {
                settings.remove(field);
            }
        }
        readFields(body, existing.provider(), settings, secrets);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", existing.id());
        record.put("organization_id", existing.organizationId());
        record.put("name", body.text("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT).orElse(existing.name()));
        record.put("is_default", body.bool("is_default").orElse(isDefault));
        return store(record, settings, secrets);
    }

    public StorageConfig open(Map<String, Object> row) throws JsonProcessingException {
        Map<String, String> secrets = row.get("secrets") == null ? Map.of()
                : json.readValue(secretBox.open((String) row.get("secrets")), SECRETS);
        return new StorageConfig((String) row.get("id"), (String) row.get("organization_id"), (String) row.get("name"),
                provider(row), json.readValue(row.get("settings").toString(), SETTINGS), secrets);
    }

    /** The API view of a row: its fields flat, secrets as "****". */
    public Map<String, Object> view(Map<String, Object> row) throws JsonProcessingException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("organization_id", row.get("organization_id"));
        view.put("name", row.get("name"));
        view.put("provider", row.get("provider"));
        view.put("is_default", row.get("is_default"));
        view.putAll(json.readValue(row.get("settings").toString(), SETTINGS));
        provider(row).secrets().forEach(field -> view.put(field, MASK));
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

    private Map<String, Object> store(Map<String, Object> record, Map<String, Object> settings, Map<String, String> secrets)
            throws JsonProcessingException {
        record.put("settings", json.writeValueAsString(settings));
        record.put("secrets", secrets.isEmpty() ? null : secretBox.seal(json.writeValueAsString(secrets)));
        return record;
    }

    private static Provider provider(Map<String, Object> row) {
        return Provider.valueOf(((String) row.get("provider")).toUpperCase(Locale.ROOT));
    }

    /** Reads the provider's fields present in the body over the given ones; the required ones must end up set. */
    private static void readFields(JsonBody body, Provider provider, Map<String, Object> settings, Map<String, String> secrets) {
        for (String field : provider.required()) {
            read(body, field).ifPresent(v -> settings.put(field, v));
            if (!settings.containsKey(field)) {
                throw Problem.badRequest("Field '" + field + "' is required for provider " + JsonBody.wire(provider) + ": " + hint(field));
            }
        }
        for (String field : provider.optional()) {
            read(body, field).ifPresent(v -> settings.put(field, v));
        }
        for (String field : provider.secrets()) {
            body.text(field, s -> !s.isEmpty() && s.length() <= 1024, "a non-empty secret")
                    .filter(s -> !s.equals(MASK)).ifPresent(v -> secrets.put(field, v));
            if (!secrets.containsKey(field)) {
                throw Problem.badRequest("Field '" + field + "' is required for provider " + JsonBody.wire(provider) + ": a non-empty secret");
            }
        }
    }

    private static Optional<?> read(JsonBody body, String field) {
        return switch (field) {
            case "ftp_port" -> body.integer(field, 1, 65535);
            case "ftp_use_ssl", "ftp_passive_mode" -> body.bool(field);
            default -> body.text(field, validator(field), hint(field));
        };
    }

    private static Predicate<String> validator(String field) {
        return switch (field) {
            case "endpoint_url" -> URL;
            case "path_prefix" -> Names.KEY_PREFIX;
            case "base_path" -> Names.ABSOLUTE_PATH;
            case "ftp_base_path" -> Names.ABSOLUTE_PATH.or("/"::equals);
            case "ftp_host" -> HOST;
            case "sftp_host_key_fingerprint" -> FINGERPRINT;
            case "bucket" -> s -> s.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
            case "storage_class" -> s -> s.matches("[A-Z_]{1,32}");
            default -> Names.LABEL;
        };
    }

    private static String hint(String field) {
        return switch (field) {
            case "endpoint_url" -> "an http(s) URL of a host and optional port, e.g. http://127.0.0.1:9000";
            case "path_prefix" -> Names.KEY_PREFIX_HINT;
            case "base_path", "ftp_base_path" -> Names.ABSOLUTE_PATH_HINT;
            case "ftp_host" -> "a host name or IP address";
            case "ftp_port" -> "a port from 1 to 65535";
            case "sftp_host_key_fingerprint" -> "SHA256:<43 base64 characters>, as ssh-keygen -lf prints it";
            case "bucket" -> "a bucket name: 3-63 lower-case letters, digits, '.' or '-'";
            case "storage_class" -> "an S3 storage class such as STANDARD or STANDARD_IA";
            default -> Names.LABEL_HINT;
        };
    }
}
