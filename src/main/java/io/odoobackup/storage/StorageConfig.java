package io.odoobackup.storage;

import io.odoobackup.security.Redaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One organization's storage configuration, secrets opened: held only while a backup or call needs it.
 * Settings keep their JSON types (text, whole numbers, booleans).
 */
public record StorageConfig(String id, String organizationId, String name, String provider,
                            Map<String, Object> settings, Map<String, String> secrets) {

    public Optional<String> setting(String field) {
        return Optional.ofNullable(settings.get(field)).map(Object::toString).filter(v -> !v.isEmpty());
    }

    public boolean flag(String field, boolean fallback) {
        Object value = settings.get(field);
        return value instanceof Boolean b ? b : fallback;
    }

    public int port(int fallback) {
        return settings.get("ftp_port") instanceof Number n ? n.intValue() : fallback;
    }

    /** New backups are stored in the age format (docs/api.md §8). */
    public boolean encrypted() {
        return "age".equals(settings.get("encryption"));
    }

    /**
     * New backups keep the filestore's files once each in the organization's pool and list them in filestore.index
     * (docs/api.md §15); "full", the default, puts them all in each backup's filestore.tar.gz.
     */
    public boolean incremental() {
        return "incremental".equals(settings.get("filestore_mode"));
    }

    /** The customer's own recipients, besides the organization's key. */
    @SuppressWarnings("unchecked")
    public List<String> ageRecipients() {
        return settings.get("age_recipients") instanceof List<?> list ? (List<String>) list : List.of();
    }

    public String secret(String field) {
        return secrets.get(field);
    }

    /** The object key of a backup (docs/api.md §5): {path_prefix/}backups/{org}/{env}/{backup}.zip, or .zip.age encrypted. */
    public String backupKey(String environmentId, String backupId) {
        return prefixed("backups/" + organizationId + "/" + environmentId + "/" + backupId + (encrypted() ? ".zip.age" : ".zip"));
    }

    /**
     * The object key of a pooled file (docs/api.md §15): {path_prefix/}pool/{org}/{sha1[0:2]}/{sha1}, with .age when it
     * is stored encrypted.
     */
    public String poolKey(String sha1, boolean encrypted) {
        return prefixed("pool/" + organizationId + "/" + sha1.substring(0, 2) + "/" + sha1 + (encrypted ? ".age" : ""));
    }

    /** Where this service writes: leftovers are looked for under it and nowhere else. */
    public String backupsPrefix() {
        return prefixed("backups");
    }

    /** A key under the configuration's path_prefix. */
    public String prefixed(String key) {
        return setting("path_prefix").map(p -> p.replaceAll("/+$", "") + "/" + key).orElse(key);
    }

    /** Removes every secret of this configuration from a text bound for a log, a record or a reply. */
    public String redact(String text) {
        return Redaction.redact(text, secrets.values());
    }

    @Override
    public String toString() {
        return "StorageConfig[" + id + ", " + provider + "]";
    }
}
