package io.odoobackup.backup;

import io.odoobackup.environment.Container;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * How many bytes the dump and the filestore archive will move, asked of the containers before they start: the
 * tables' size in the database and du of the filestore. Only for progress and its ETA: an estimate that cannot be
 * had (-1) costs the figure its precision, never the backup.
 */
public final class SizeEstimates {

    private static final String TABLES_SIZE = "SELECT coalesce(sum(pg_table_size(c.oid)), 0) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm')"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

    private final DockerExec docker;
    private final TaskProgress progress;

    public SizeEstimates(DockerExec docker, TaskProgress progress) {
        this.docker = docker;
        this.progress = progress;
    }

    /** The dump and the archive move the task from 10 to 50, or to 70 with the filestore, by their bytes together. */
    public void measure(BackupJob job) throws InterruptedException, SQLException {
        Environment env = job.getEnvironment();
        ParallelProgress stage = progress.parallel(job, 10, job.isIncludeFilestore() ? 70 : 50, "Backing up")
                // a table another session locked must not hold the estimate: it gives up at once, the dump waits for it
                .part("database", "database", number(job.getDbContainer(), List.of("psql", "--no-password", "-X", "-A", "-t",
                        "-q", "-U", env.dbUser(), "-d", env.dbName(), "-c", "SET lock_timeout = '1s'", "-c", TABLES_SIZE)));
        if (job.isIncludeFilestore()) {
            stage.part("filestore", "filestore", number(job.getOdooContainer(), List.of("du", "-s", "-b", env.filestorePath())));
        }
        job.setParallelProgress(stage);
        stage.begin();
    }

    /** The number a command prints first, or -1 when it cannot be had (the dump then says what is wrong). */
    private long number(Container container, List<String> command) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(); // one line
        try {
            if (docker.run(container, command, out).exitCode() != 0) {
                return -1;
            }
            return Long.parseLong(out.toString(StandardCharsets.UTF_8).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
