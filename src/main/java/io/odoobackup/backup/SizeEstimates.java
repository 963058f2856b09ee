package io.odoobackup.backup;

import io.odoobackup.environment.Container;
import io.odoobackup.environment.Environment;
import io.odoobackup.platform.Sizes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * How many bytes the dump and the filestore archive will move, asked of the containers before they start: the
 * tables' size in the database and du of the filestore. For progress and its ETA, and for the room the dump will
 * take in BACKUP_TMP_DIR: an estimate that cannot be had (-1) costs the figure its precision, never the backup.
 */
public final class SizeEstimates {

    private static final String TABLES_SIZE = "SELECT coalesce(sum(pg_table_size(c.oid)), 0) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm')"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

    /** Room kept free past the dump's: the file system's own blocks, and an estimate a little short. */
    private static final long MARGIN = 64L << 20;

    private final TaskProgress progress;
    private final Path tmpDir;
    private final int level;

    public SizeEstimates(TaskProgress progress, Path tmpDir, int level) {
        this.progress = progress;
        this.tmpDir = tmpDir;
        this.level = level;
    }

    /** The dump and the archive move the task from 10 to 50, or to 70 with the filestore, by their bytes together. */
    public void measure(BackupJob job) throws InterruptedException, SQLException {
        Environment env = job.getEnvironment();
        // a table another session locked must not hold the estimate: it gives up at once, the dump waits for it
        long tables = number(job.getDbContainer(), List.of("psql", "--no-password", "-X", "-A", "-t",
                "-q", "-U", env.dbUser(), "-d", env.dbName(), "-c", "SET lock_timeout = '1s'", "-c", TABLES_SIZE));
        checkRoom(job, tables);
        ParallelProgress stage = progress.parallel(job, job.isIncludeFilestore() ? ProgressPlan.BACKUP_DATA : ProgressPlan.BACKUP_DATABASE_ONLY, "Backing up")
                .part("database", "database", tables);
        if (job.isIncludeFilestore()) {
            stage.part("filestore", "filestore", number(job.getOdooContainer(), List.of("du", "-s", "-b", env.filestorePath())));
        }
        job.setParallelProgress(stage);
        stage.begin();
    }

    /**
     * Only the deflated dump is written to BACKUP_TMP_DIR (the rest streams into storage). A plain dump is about
     * the size of its tables, and deflated it is a fraction of that (a fifth of it in the benchmark's data, level 1):
     * a third of the tables' size, all of it when stored, plus a margin, must be free, or the backup does not start.
     */
    private void checkRoom(BackupJob job, long tables) {
        if (tables < 0) {
            return;
        }
        long needed = (level == 0 ? tables : tables / 3) + MARGIN;
        long free;
        try {
            free = Files.getFileStore(job.getWorkDir()).getUsableSpace();
        } catch (IOException e) {
            return; // the dump then says what is wrong with the folder
        }
        if (free < needed) {
            throw new BackupFailure(String.format(Locale.ROOT, "Not enough room in BACKUP_TMP_DIR (%s) for the database"
                    + " dump: %s free, about %s needed (the database's tables hold %s). Free space there or point"
                    + " BACKUP_TMP_DIR at a larger disk; nothing was backed up", tmpDir, Sizes.human(free),
                    Sizes.human(needed), Sizes.human(tables)));
        }
    }

    /** The number a command prints first, or -1 when it cannot be had (the dump then says what is wrong). */
    private long number(Container container, List<String> command) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(); // one line
        try {
            if (container.run(command, out).exitCode() != 0) {
                return -1;
            }
            return Long.parseLong(out.toString(StandardCharsets.UTF_8).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
