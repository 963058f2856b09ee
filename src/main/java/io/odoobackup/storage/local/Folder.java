package io.odoobackup.storage.local;

import io.odoobackup.storage.Keys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** A folder below the local storage root, and the checked paths of keys below it. */
record Folder(Path root, Path base) {

    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** The base folder, refused when it lies outside the root. */
    static Folder under(Path root, Path base) throws IOException {
        if (!base.isAbsolute() || !base.startsWith(root)) {
            throw new IOException(base + " is not below the local storage root " + root);
        }
        Folder folder = new Folder(root, base);
        folder.refuseLinks(base);
        return folder;
    }

    /** The file of a key, after checking that no existing part of its path is a symbolic link. */
    Path file(String key) throws IOException {
        Path file = base.resolve(Keys.check(key)).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IOException("the key " + key + " leaves the storage folder");
        }
        refuseLinks(file);
        return file;
    }

    /** Creates the folders down to {@code dir}, each 0700, refusing any link on the way. */
    void createFolders(Path dir) throws IOException {
        Path current = root;
        for (Path name : root.relativize(dir)) {
            current = current.resolve(name);
            try {
                Files.createDirectory(current, PRIVATE_DIR);
            } catch (FileAlreadyExistsException exists) {
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(current + " is not a folder (symbolic links are not followed)");
                }
            }
        }
    }

    private void refuseLinks(Path path) throws IOException {
        Path current = root;
        for (Path name : root.relativize(path)) {
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw new IOException(current + " is a symbolic link: local storage does not follow links");
            }
        }
    }
}
