package io.odoobackup.storage.local;

import io.odoobackup.security.Names;
import io.odoobackup.storage.ConfigRefused;
import io.odoobackup.storage.Field;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A folder on this machine, always below BACKUP_LOCAL_STORAGE_ROOT: an organization's configuration writes
 * to ROOT/{organization_id}, and only the admin token may choose another folder ({@code base_path}), under
 * the root. Symbolic links are never followed; objects are 0600 in 0700 folders.
 */
public final class LocalDriver implements StorageDriver {

    private final Path root;

    public LocalDriver(Path root) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        this.root = root.toRealPath();
    }

    @Override
    public List<String> providers() {
        return List.of("local");
    }

    @Override
    public List<Field> fields(String provider) {
        return List.of(
                Field.text("base_path", Names.ABSOLUTE_PATH, "an absolute folder below " + root + " (" + Names.ABSOLUTE_PATH_HINT + ")")
                        .asDestination().asAdminOnly(),
                Field.text("path_prefix", Names.KEY_PREFIX, Names.KEY_PREFIX_HINT).asDestination());
    }

    @Override
    public Optional<RemoteHost> remoteHost(StorageConfig config) {
        return Optional.empty();
    }

    @Override
    public String place(StorageConfig config) {
        return "file://" + base(config);
    }

    @Override
    public void check(StorageConfig config) {
        try {
            Folder.under(root, base(config));
        } catch (IOException e) {
            throw new ConfigRefused("base_path", e.getMessage());
        }
    }

    @Override
    public Storage open(StorageConfig config) throws IOException {
        return new LocalStorage(Folder.under(root, base(config)));
    }

    private Path base(StorageConfig config) {
        return config.setting("base_path").map(Path::of).orElse(root.resolve(config.organizationId())).normalize();
    }
}
