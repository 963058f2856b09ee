package io.odoobackup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;

/** The {@code local} provider: a folder (base_path, default BACKUP_DATA_DIR/storage) holding the object keys as files. */
public final class LocalStorage {

    private final Path defaultBase;

    public LocalStorage(Path defaultBase) {
        this.defaultBase = defaultBase;
    }

    /** Prepares the file endpoint: its folder as the property {@code localBase}, the key as the file name below it. */
    public void prepare(Exchange exchange) throws IOException {
        Path base = base(exchange.getProperty("storage", StorageConfig.class));
        Files.createDirectories(base);
        String key = exchange.getProperty("storageKey", String.class);
        file(base, key); // refuses a key that would leave the folder
        exchange.setProperty("localBase", base.toString());
        exchange.getMessage().setHeader(Exchange.FILE_NAME, key);
    }

    public InputStream open(Exchange exchange) throws IOException {
        return Files.newInputStream(file(exchange));
    }

    public void delete(Exchange exchange) throws IOException {
        Files.deleteIfExists(file(exchange));
    }

    private Path file(Exchange exchange) {
        return file(base(exchange.getProperty("storage", StorageConfig.class)),
                exchange.getProperty("storageKey", String.class));
    }

    private Path base(StorageConfig config) {
        return config.setting("base_path").map(Path::of).orElse(defaultBase).toAbsolutePath().normalize();
    }

    private static Path file(Path base, String key) {
        Path file = base.resolve(key).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IllegalArgumentException("Storage key leaves the storage folder");
        }
        return file;
    }
}
