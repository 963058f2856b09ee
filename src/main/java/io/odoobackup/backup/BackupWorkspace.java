package io.odoobackup.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary folder of one running backup under BACKUP_TMP_DIR, removed when the backup ends. */
public final class BackupWorkspace {

    private static final Logger LOG = LoggerFactory.getLogger(BackupWorkspace.class);
    static final String PREFIX = "odoo-backup-";

    private final Path tmpDir;

    public BackupWorkspace(Path tmpDir) {
        this.tmpDir = tmpDir;
    }

    public void create(BackupJob job) throws IOException {
        Files.createDirectories(tmpDir);
        job.setWorkDir(Files.createDirectory(tmpDir.resolve(PREFIX + job.getBackupId())));
    }

    public void clean(BackupJob job) {
        if (job.getWorkDir() != null) {
            delete(job.getWorkDir());
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the temporary folder {}: {}", dir, e.getMessage());
        }
    }
}
