package io.odoobackup.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import io.odoobackup.security.SecretBox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.camel.Exchange;

/** Storage configuration records: read from requests, stored with sealed secrets, shown with secrets masked. */
public final class StorageConfigs {

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };
    private static final Predicate<String> URL = s -> s.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?");

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
                .orElseThrow(() -> Problem.badRequest("Field 'provider' is required: one of s3, r2, b2, minio, local"));
        Map<String, String> settings = new TreeMap<>();
        for (String field : provider.required()) {
            settings.put(field, body.requiredText(field, validator(field), hint(field)));
        }
        for (String field : provider.optional()) {
            body.text(field, validator(field), hint(field)).ifPresent(v -> settings.put(field, v));
        }
        Map<String, String> secrets = new TreeMap<>();
        for (String field : provider.secrets()) {
            secrets.put(field, body.requiredText(field, s -> !s.isEmpty() && s.length() <= 1024, "a non-empty secret"));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", UUID.randomUUID().toString());
        record.put("organization_id", organizationId);
        record.put("name", body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT));
        record.put("provider", JsonBody.wire(provider));
        record.put("is_default", body.bool("is_default").orElse(false));
        record.put("settings", json.writeValueAsString(settings));
        record.put("secrets", secrets.isEmpty() ? null : secretBox.seal(json.writeValueAsString(secrets)));
        return record;
    }

    public StorageConfig open(Map<String, Object> row) throws JsonProcessingException {
        Map<String, String> secrets = row.get("secrets") == null ? Map.of()
                : json.readValue(secretBox.open((String) row.get("secrets")), FIELDS);
        return new StorageConfig((String) row.get("id"), (String) row.get("organization_id"), (String) row.get("name"),
                Provider.valueOf(((String) row.get("provider")).toUpperCase(java.util.Locale.ROOT)),
                json.readValue(row.get("settings").toString(), FIELDS), secrets);
    }

    /** The API view of a row: its fields flat, secrets as "****". */
    public Map<String, Object> view(Map<String, Object> row) throws JsonProcessingException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("organization_id", row.get("organization_id"));
        view.put("name", row.get("name"));
        view.put("provider", row.get("provider"));
        view.put("is_default", row.get("is_default"));
        view.putAll(json.readValue(row.get("settings").toString(), FIELDS));
        Provider provider = Provider.valueOf(((String) row.get("provider")).toUpperCase(java.util.Locale.ROOT));
        provider.secrets().forEach(field -> view.put(field, "****"));
        view.put("created_at", row.get("created_at"));
        view.put("updated_at", row.get("updated_at"));
        return view;
    }

    public List<Map<String, Object>> views(List<Map<String, Object>> rows) throws JsonProcessingException {
        List<Map<String, Object>> views = new java.util.ArrayList<>();
        for (Map<String, Object> row : rows) {
            views.add(view(row));
        }
        return views;
    }

    private static Predicate<String> validator(String field) {
        return switch (field) {
            case "endpoint_url" -> URL;
            case "path_prefix" -> Names.KEY_PREFIX;
            case "base_path" -> Names.ABSOLUTE_PATH;
            case "bucket" -> s -> s.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
            case "storage_class" -> s -> s.matches("[A-Z_]{1,32}");
            default -> Names.LABEL;
        };
    }

    private static String hint(String field) {
        return switch (field) {
            case "endpoint_url" -> "an http(s) URL of a host and optional port, e.g. http://127.0.0.1:9000";
            case "path_prefix" -> Names.KEY_PREFIX_HINT;
            case "base_path" -> Names.ABSOLUTE_PATH_HINT;
            case "bucket" -> "a bucket name: 3-63 lower-case letters, digits, '.' or '-'";
            case "storage_class" -> "an S3 storage class such as STANDARD or STANDARD_IA";
            default -> Names.LABEL_HINT;
        };
    }
}
