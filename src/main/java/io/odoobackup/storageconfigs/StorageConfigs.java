package io.odoobackup.storageconfigs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Age;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import io.odoobackup.security.Redaction;
import io.odoobackup.security.SecretBox;
import io.odoobackup.storage.Field;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.StorageDrivers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * Storage configuration records: read from requests with the fields their driver declares, checked by it,
 * stored with sealed secrets and shown with secrets masked.
 */
public final class StorageConfigs {

    public static final String MASK = Redaction.MASK;
    private static final Set<String> COMMON = Set.of("organization_id", "name", "provider", "is_default", "encryption",
            "age_recipients", "filestore_mode");
    private static final int MAX_AGE_RECIPIENTS = 10;
    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> SECRETS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final SecretBox secretBox;
    private final StorageDrivers drivers;

    public StorageConfigs(ObjectMapper json, SecretBox secretBox, StorageDrivers drivers) {
        this.json = json;
        this.secretBox = secretBox;
        this.drivers = drivers;
    }

    /** The columns of a new storage_config row; settings and sealed secrets as JSON text. */
    public Map<String, Object> toRecord(Exchange exchange) throws JsonProcessingException {
        Principal principal = exchange.getProperty("principal", Principal.class);
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class));
        String organizationId = body.requiredText("organization_id", Names.ID, Names.ID_HINT);
        if (!principal.sees(organizationId)) {
            throw new Problem(403, "Forbidden", "The token may not act for organization " + organizationId);
        }
        String provider = body.text("provider", drivers.providers()::contains, "one of " + String.join(", ", drivers.providers()))
                .orElseThrow(() -> Problem.badRequest("Field 'provider' is required: one of " + String.join(", ", drivers.providers())));
        StorageDriver driver = drivers.driver(provider);
        List<Field> fields = driver.fields(provider);
        body.allowOnly(known(fields), "for provider " + provider);
        Map<String, Object> settings = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        for (Field field : fields) {
            read(body, field).filter(v -> !MASK.equals(v)).ifPresent(value -> put(field, value, settings, secrets));
            refuseIfAdminOnly(field, settings.containsKey(field.name()), principal);
        }
        requireAll(fields, provider, settings, secrets);
        readModes(body, settings);
        String id = UUID.randomUUID().toString();
        String name = body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT);
        drivers.check(new StorageConfig(id, organizationId, name, provider, settings, secrets));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("organization_id", organizationId);
        record.put("name", name);
        record.put("provider", provider);
        record.put("is_default", body.bool("is_default").orElse(false));
        return store(record, settings, secrets);
    }

    /**
     * The columns of a PATCH on the row in the body: fields given replace theirs, null removes an optional
     * one, a secret sent back as "****" is kept. Fields that say where the data goes change only while no
     * stored backup uses the configuration (exchangeProperty.storedBackups), and only with the secret given
     * again, so a token that may manage storage cannot send a stored secret to a server of its choosing.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> patchRecord(Exchange exchange) throws JsonProcessingException {
        Principal principal = exchange.getProperty("principal", Principal.class);
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        StorageConfig existing = open(row);
        boolean isDefault = Boolean.TRUE.equals(row.get("is_default"));
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class));
        StorageDriver driver = drivers.driver(existing.provider());
        List<Field> fields = driver.fields(existing.provider());
        body.allowOnly(known(fields), "for provider " + existing.provider());
        body.text("provider", existing.provider()::equals, "unchanged: " + existing.provider()
                + " (create a new configuration for another provider)");
        body.text("organization_id", existing.organizationId()::equals, "unchanged: " + existing.organizationId());
        if (!body.bool("is_default").orElse(true) && isDefault) {
            throw Problem.badRequest("Field 'is_default' cannot be false on the default: make another configuration the default");
        }
        Map<String, Object> settings = new TreeMap<>(existing.settings());
        Map<String, String> secrets = new TreeMap<>(existing.secrets());
        Set<String> secretsGiven = new TreeSet<>();
        for (Field field : fields) {
            if (body.isNull(field.name())) {
                if (field.required()) {
                    throw Problem.badRequest("Field '" + field.name() + "' is required for provider " + existing.provider()
                            + " and cannot be removed");
                }
                settings.remove(field.name());
            }
            Optional<Object> value = read(body, field).filter(v -> !MASK.equals(v));
            value.ifPresent(v -> put(field, v, settings, secrets));
            if (value.isPresent() && field.kind() == Field.Kind.SECRET) {
                secretsGiven.add(field.name());
            }
        }
        requireAll(fields, existing.provider(), settings, secrets);
        readModes(body, settings);
        List<String> moved = new ArrayList<>(fields.stream().filter(Field::destination)
                .filter(f -> !Objects.equals(existing.settings().get(f.name()), settings.get(f.name()))).map(Field::name).toList());
        StorageConfig changed = new StorageConfig(existing.id(), existing.organizationId(), existing.name(), existing.provider(),
                settings, secrets);
        if (existing.encrypted() != changed.encrypted()) {
            moved.add("encryption");
        }
        if (!existing.ageRecipients().equals(changed.ageRecipients())) {
            moved.add("age_recipients");
        }
        if (!moved.isEmpty()) {
            fields.stream().filter(f -> moved.contains(f.name())).forEach(f -> refuseIfAdminOnly(f, true, principal));
            long stored = exchange.getProperty("storedBackups", Long.class);
            if (stored > 0) {
                throw Problem.conflict("Fields " + String.join(", ", moved) + " say where backups go and how they are protected:"
                        + " they cannot change while " + stored + " stored backups use this configuration. Create a new"
                        + " configuration for the new destination" + (moved.contains("sftp_host_key_fingerprint")
                        ? ", or trust the server's new host key with POST .../trust-host-key" : ""));
            }
            List<String> missing = fields.stream().filter(f -> f.kind() == Field.Kind.SECRET && !secretsGiven.contains(f.name()))
                    .map(Field::name).toList();
            if (!missing.isEmpty()) {
                throw Problem.badRequest("Changing " + String.join(", ", moved) + " needs " + String.join(", ", missing)
                        + " again: a stored secret never goes to a new destination, nor to a server that is trusted less");
            }
            if (!body.has("sftp_host_key_fingerprint")) {
                settings.remove("sftp_host_key_fingerprint"); // a key pinned for the old server says nothing of the new one
            }
        }
        String name = body.text("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT).orElse(existing.name());
        drivers.check(new StorageConfig(existing.id(), existing.organizationId(), name, existing.provider(), settings, secrets));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", existing.id());
        record.put("organization_id", existing.organizationId());
        record.put("name", name);
        record.put("is_default", body.bool("is_default").orElse(isDefault));
        return store(record, settings, secrets);
    }

    /**
     * POST .../{id}/trust-host-key (SFTP): the key the server shows now, read during a key exchange that sends no
     * credential. Without {@code fingerprint} in the request it is only shown; with it, and with the stored password
     * given again, it becomes the pinned key (the answer's {@code trusted}). The row is the body; the columns to save,
     * if any, are left as exchangeProperty.trustedRecord.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> trustHostKey(Exchange exchange) throws Exception {
        StorageConfig config = open(exchange.getMessage().getBody(Map.class));
        if (!"sftp".equals(config.provider())) {
            throw Problem.badRequest("Storage configuration " + config.id() + " is " + config.provider()
                    + ": only an sftp configuration pins a host key");
        }
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class));
        body.allowOnly(Set.of("ftp_password", "fingerprint"), "in a trust-host-key request");
        String password = body.requiredText("ftp_password", s -> !s.isEmpty() && s.length() <= 1024,
                "the configuration's password, given again");
        if (!MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                config.secret("ftp_password").getBytes(StandardCharsets.UTF_8))) {
            throw Problem.badRequest("Field 'ftp_password' is not this configuration's password: trusting a new host key"
                    + " needs the stored password given again");
        }
        Optional<String> wanted = body.text("fingerprint", Names.matches("SHA256:[A-Za-z0-9+/]{43}=?"),
                "SHA256:<43 base64 characters>, as this call showed it");
        String shown = drivers.driver(config.provider()).serverIdentity(config)
                .orElseThrow(() -> Problem.badRequest("The server showed no host key"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("fingerprint", shown);
        answer.put("pinned", config.setting("sftp_host_key_fingerprint").orElse(null));
        if (wanted.isEmpty()) {
            answer.put("trusted", false);
            answer.put("message", "The server shows host key " + shown + ": compare it with the server's own (ssh-keygen -lf),"
                    + " then send it back as 'fingerprint' with the password to trust it");
            return answer;
        }
        if (!wanted.get().equals(shown)) {
            throw Problem.conflict("The server shows host key " + shown + ", not " + wanted.get() + ": nothing was changed");
        }
        Map<String, Object> settings = new TreeMap<>(config.settings());
        settings.put("sftp_host_key_fingerprint", shown);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", config.id());
        record.put("name", config.name());
        record.put("is_default", exchange.getMessage().getBody(Map.class).get("is_default"));
        exchange.setProperty("trustedRecord", store(record, settings, config.secrets()));
        answer.put("pinned", shown);
        answer.put("trusted", true);
        answer.put("message", "Host key " + shown + " is trusted from now on");
        return answer;
    }

    /** Parameters of sql/storage-config-reachability.sql: whether the storage answered its last use, and if not why. */
    /**
     * GET /backups/storage-providers: every provider the drivers serve and its fields, as the drivers declare them
     * (the console draws its forms from this; openapi.json's provider enum is tested against it).
     */
    public Map<String, Object> providers() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String provider : drivers.providers()) {
            List<Map<String, Object>> fields = new ArrayList<>();
            for (Field field : drivers.driver(provider).fields(provider)) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("name", field.name());
                view.put("type", field.kind().name().toLowerCase(Locale.ROOT));
                view.put("secret", field.kind() == Field.Kind.SECRET);
                view.put("required", field.required());
                view.put("destination", field.destination());
                view.put("admin_only", field.adminOnly());
                view.put("hint", field.hint());
                fields.add(view);
            }
            items.add(Map.of("provider", provider, "fields", fields));
        }
        return Map.of("items", items);
    }

    public Map<String, Object> reachability(String id, boolean reachable, String reason) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", id);
        parameters.put("reachable", reachable);
        parameters.put("reason", reason);
        return parameters;
    }

    public StorageConfig open(Map<String, Object> row) throws JsonProcessingException {
        Map<String, String> secrets = row.get("secrets") == null ? Map.of()
                : json.readValue(secretBox.open((String) row.get("secrets")), SECRETS);
        return new StorageConfig((String) row.get("id"), (String) row.get("organization_id"), (String) row.get("name"),
                (String) row.get("provider"), json.readValue(row.get("settings").toString(), SETTINGS), secrets);
    }

    /** The API view of a row: its fields flat, secrets as "****". */
    public Map<String, Object> view(Map<String, Object> row) throws JsonProcessingException {
        String provider = (String) row.get("provider");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("organization_id", row.get("organization_id"));
        view.put("name", row.get("name"));
        view.put("provider", provider);
        view.put("is_default", row.get("is_default"));
        view.put("encryption", "none");
        view.put("age_recipients", List.of());
        view.put("filestore_mode", "full");
        view.putAll(json.readValue(row.get("settings").toString(), SETTINGS));
        drivers.driver(provider).fields(provider).stream().filter(f -> f.kind() == Field.Kind.SECRET)
                .forEach(f -> view.put(f.name(), MASK));
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

    /**
     * Encryption and the filestore's mode apply to the backups stored from now on (each keeps what it was stored
     * with), so they may change at any time: "none" or "age", up to ten customer recipients of their own ("age1…"),
     * and "full" or "incremental".
     */
    private static void readModes(JsonBody body, Map<String, Object> settings) {
        body.text("filestore_mode", v -> v.equals("full") || v.equals("incremental"), "full or incremental")
                .ifPresent(v -> settings.put("filestore_mode", v));
        body.text("encryption", v -> v.equals("none") || v.equals("age"), "none or age").ifPresent(v -> settings.put("encryption", v));
        if (body.isNull("age_recipients")) {
            settings.remove("age_recipients");
        }
        body.texts("age_recipients", MAX_AGE_RECIPIENTS, v -> Age.RECIPIENT.matcher(v).matches(),
                "a list of at most " + MAX_AGE_RECIPIENTS + " age recipients such as age1… (as age-keygen prints them)")
                .ifPresent(v -> settings.put("age_recipients", v));
    }

    private static Set<String> known(List<Field> fields) {
        Set<String> known = new TreeSet<>(COMMON);
        fields.forEach(f -> known.add(f.name()));
        return known;
    }

    private static void put(Field field, Object value, Map<String, Object> settings, Map<String, String> secrets) {
        if (field.kind() == Field.Kind.SECRET) {
            secrets.put(field.name(), (String) value);
        } else {
            settings.put(field.name(), value);
        }
    }

    private static void refuseIfAdminOnly(Field field, boolean given, Principal principal) {
        if (field.adminOnly() && given && !principal.isAdmin()) {
            throw new Problem(403, "Forbidden", "Only the admin token may set '" + field.name() + "'");
        }
    }

    private static void requireAll(List<Field> fields, String provider, Map<String, Object> settings, Map<String, String> secrets) {
        for (Field field : fields) {
            boolean present = field.kind() == Field.Kind.SECRET ? secrets.containsKey(field.name()) : settings.containsKey(field.name());
            if (field.required() && !present) {
                throw Problem.badRequest("Field '" + field.name() + "' is required for provider " + provider + ": " + field.hint());
            }
        }
    }

    private static Optional<Object> read(JsonBody body, Field field) {
        return switch (field.kind()) {
            case PORT -> body.integer(field.name(), 1, 65535).map(Object.class::cast);
            case FLAG -> body.bool(field.name()).map(Object.class::cast);
            case TEXT -> body.text(field.name(), field.valid(), field.hint()).map(Object.class::cast);
            case SECRET -> body.text(field.name(), field.valid().or(MASK::equals), field.hint()).map(Object.class::cast);
        };
    }
}
