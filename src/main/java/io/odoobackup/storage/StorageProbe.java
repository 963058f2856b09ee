package io.odoobackup.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The "test connection" of a storage configuration: writes a small probe object where backups go, reads it
 * back and deletes it; whatever fails, the probe is removed again.
 */
public final class StorageProbe {

    private final StorageDrivers drivers;

    public StorageProbe(StorageDrivers drivers) {
        this.drivers = drivers;
    }

    public Map<String, Object> test(StorageConfig config) {
        long started = System.nanoTime();
        String key = config.backupsPrefix() + "/" + Keys.PROBE + UUID.randomUUID();
        byte[] content = ("odoo-backup probe " + key + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            drivers.put(config, key, new ByteArrayInputStream(content));
            try (InputStream stored = drivers.open(config, key)) {
                if (!Arrays.equals(stored.readNBytes(content.length + 1), content)) {
                    throw new IOException("the probe object read back differs from what was written");
                }
            }
            if (!drivers.delete(config, key)) {
                throw new IOException("the probe object was gone before it was deleted");
            }
            return result(started, true, "Wrote, read back and deleted a probe object");
        } catch (Exception e) {
            removeQuietly(config, key);
            return result(started, false, "Failed to connect to storage: " + drivers.describe(config, e));
        }
    }

    private void removeQuietly(StorageConfig config, String key) {
        try {
            drivers.delete(config, key);
        } catch (Exception e) {
            // the storage is what just failed; the start-up clean-up removes a probe left behind
        }
    }

    private static Map<String, Object> result(long started, boolean success, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", success);
        result.put("message", message);
        result.put("latency_ms", (System.nanoTime() - started) / 1_000_000);
        return result;
    }
}
