package io.odoobackup.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odoobackup.storage.ConfigRefused;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageConformance;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.TestStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a folder, and the folder rules: below the root, no links, private modes. */
class LocalConformanceIT extends StorageConformance {

    @TempDir
    static Path root;
    private LocalDriver driver;

    @Override
    protected StorageDriver driver() {
        if (driver == null) {
            try {
                driver = new LocalDriver(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return driver;
    }

    @Override
    protected StorageConfig config(int port) {
        return local(Map.of());
    }

    @Override
    protected StorageConfig wrongCredentials() {
        return null;
    }

    @Override
    protected int serverPort() {
        return 0;
    }

    @Override
    protected Path serverFile(String key) {
        return root.resolve("org-conformance").resolve(key);
    }

    private static StorageConfig local(Map<String, Object> settings) {
        return new StorageConfig("conformance-local", "org-conformance", "folder", "local", settings, Map.of());
    }

    @Test
    void objectsAreReadableByTheServiceAlone() throws Exception {
        String key = key("private.zip");
        try (Storage storage = driver().open(config())) {
            storage.put(key, TestStreams.pattern(10, 1));
            assertThat(Files.getPosixFilePermissions(serverFile(key))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (Stream<Path> folders = Files.walk(root).filter(Files::isDirectory)) {
                folders.forEach(dir -> assertThat(uncheckedPermissions(dir)).as(dir.toString()).isEqualTo("rwx------"));
            }
            assertThat(storage.delete(key)).isTrue();
        }
    }

    @Test
    void aSymbolicLinkOnTheWayIsNeverFollowed(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("secret.txt"), "not yours");
        Path base = root.resolve("org-conformance");
        Files.createDirectories(base.resolve(prefix));
        Files.createSymbolicLink(base.resolve(prefix).resolve("backups"), elsewhere);
        try (Storage storage = driver().open(config())) {
            assertThatThrownBy(() -> storage.open(prefix + "/backups/secret.txt")).hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> storage.put(prefix + "/backups/new.zip", TestStreams.pattern(1, 1))).hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> storage.delete(prefix + "/backups/secret.txt")).hasMessageContaining("symbolic link");
        }
        assertThat(elsewhere.resolve("secret.txt")).hasContent("not yours");
        assertThat(elsewhere.resolve("new.zip")).doesNotExist();
        Files.delete(base.resolve(prefix).resolve("backups"));
    }

    @Test
    void aFolderOutsideTheRootOrThroughALinkIsRefused(@TempDir Path elsewhere) throws Exception {
        assertThatThrownBy(() -> driver().check(local(Map.of("base_path", "/etc")))).isInstanceOf(ConfigRefused.class)
                .hasMessageContaining("not below the local storage root");
        Files.createSymbolicLink(root.resolve("linked"), elsewhere);
        assertThatThrownBy(() -> driver().check(local(Map.of("base_path", root.resolve("linked/sub").toString()))))
                .isInstanceOf(ConfigRefused.class).hasMessageContaining("symbolic link");
        driver().check(local(Map.of("base_path", root.resolve("chosen/by/the/admin").toString())));
        Files.delete(root.resolve("linked"));
    }

    private static String uncheckedPermissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
