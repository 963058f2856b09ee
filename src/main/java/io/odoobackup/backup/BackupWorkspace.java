package io.odoobackup.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary folder of one running backup or restore under BACKUP_TMP_DIR, removed when the backup ends. Its
 * name carries the instance id, so an instance that restarts after a crash removes its own leftovers
 * and no other instance's.
 */
public final class BackupWorkspace {

    private static final Logger LOG = LoggerFactory.getLogger(BackupWorkspace.class);

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path tmpDir;
    private final String prefix;

    public BackupWorkspace(Path tmpDir, String instanceId) {
        this.tmpDir = tmpDir;
        this.prefix = "odoo-backup-" + instanceId + "-";
    }

    public void create(BackupJob job) throws IOException {
        job.setWorkDir(create(job.getBackupId()));
    }

    /** A folder only the service's user may enter (0700): it holds an organization's data in the clear. */
    public Path create(String id) throws IOException {
        Files.createDirectories(tmpDir);
        Path dir = Files.createDirectory(tmpDir.resolve(prefix + id), PRIVATE_DIR);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // whatever the umask says
        return dir;
    }

    public void clean(BackupJob job) {
        clean(job.getWorkDir());
    }

    public void clean(Path workDir) {
        if (workDir != null) {
            delete(workDir);
        }
    }

    /** At start: what this instance's backups and restores left behind when it stopped without ending them. */
    public void cleanLeftovers() throws IOException {
        if (!Files.isDirectory(tmpDir)) {
            return;
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(tmpDir, prefix + "*")) {
            for (Path dir : left) {
                LOG.warn("Removing {}, left by a backup or restore interrupted when this instance stopped", dir);
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the temporary folder {}: {}", dir, e.getMessage());
        }
    }
}
