package io.odoobackup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;

/** The "test connection" of a storage configuration: write a small probe object, read it back, delete it. */
public final class StorageProbe {

    private final Path tmpDir;

    public StorageProbe(Path tmpDir) {
        this.tmpDir = tmpDir;
    }

    /** Leaves the probe file as the body and its key as {@code storageKey}, as the storage routes take them. */
    public void prepare(Exchange exchange) throws IOException {
        StorageConfig config = exchange.getProperty("storage", StorageConfig.class);
        String content = "odoo-backup probe " + UUID.randomUUID() + "\n";
        Files.createDirectories(tmpDir);
        Path file = Files.createTempFile(tmpDir, "odoo-backup-probe-", ".txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        exchange.setProperty("probeFile", file);
        exchange.setProperty("probeContent", content);
        exchange.setProperty("probeStarted", System.nanoTime());
        exchange.setProperty("storageKey", config.prefixed(".odoo-backup-probe/" + file.getFileName()));
        exchange.getMessage().setBody(file.toFile());
    }

    public void check(InputStream stored, Exchange exchange) throws IOException {
        String read;
        try (stored) {
            read = new String(stored.readNBytes(4096), StandardCharsets.UTF_8);
        }
        if (!read.equals(exchange.getProperty("probeContent", String.class))) {
            throw new IOException("the probe object read back differs from what was written");
        }
    }

    public Map<String, Object> succeeded(Exchange exchange) {
        return result(exchange, true, "Wrote, read back and deleted a probe object");
    }

    public Map<String, Object> failed(Exchange exchange) {
        StorageConfig config = exchange.getProperty("storage", StorageConfig.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return result(exchange, false, "Failed to connect to storage: " + config.redact(StorageErrors.describe(cause)));
    }

    public void clean(Exchange exchange) throws IOException {
        Path file = exchange.getProperty("probeFile", Path.class);
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    private static Map<String, Object> result(Exchange exchange, boolean success, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", success);
        result.put("message", message);
        result.put("latency_ms", (System.nanoTime() - exchange.getProperty("probeStarted", Long.class)) / 1_000_000);
        return result;
    }
}
