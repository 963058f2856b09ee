package io.odoobackup.storage;

import java.util.Map;
import java.util.Optional;

/** One organization's storage configuration, secrets opened: held only while a backup or call needs it. */
public record StorageConfig(String id, String organizationId, String name, Provider provider,
                            Map<String, String> settings, Map<String, String> secrets) {

    public String family() {
        return provider.family();
    }

    public Optional<String> setting(String field) {
        return Optional.ofNullable(settings.get(field)).filter(v -> !v.isEmpty());
    }

    public String secret(String field) {
        return secrets.get(field);
    }

    /** The object key of a backup (CONTRACT.md §4): {path_prefix/}backups/{org}/{env}/{backup}.zip. */
    public String backupKey(String environmentId, String backupId) {
        String key = "backups/" + organizationId + "/" + environmentId + "/" + backupId + ".zip";
        return setting("path_prefix").map(p -> p.replaceAll("/+$", "") + "/" + key).orElse(key);
    }

    /** Removes every secret of this configuration from a text bound for a log, a record or a reply. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets.values()) {
            if (secret != null && !secret.isEmpty()) {
                redacted = redacted.replace(secret, "****");
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        return "StorageConfig[" + id + ", " + provider + "]";
    }
}
