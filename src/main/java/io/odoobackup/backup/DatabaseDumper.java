package io.odoobackup.backup;

import io.odoobackup.archive.Compression;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a plain-SQL pg_dump out of the environment's database container into the work folder, deflated on every
 * core as it streams, side by side with the filestore going into the archive; once the filestore is in, the archive
 * follows the deflated dump as it is written. Checksums and size are those of the plain SQL. Only the deflated dump is
 * ever on disk: the rest of the backup streams into storage.
 */
public final class DatabaseDumper {

    /** What pg_dump says when --lock-wait-timeout runs out. */
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("statement timeout.*\\R.*LOCK TABLE (\\S+) IN ACCESS SHARE MODE");

    private final Compression compression;
    private final int lockWaitSeconds;
    private final InstalledModules modules;

    public DatabaseDumper(Compression compression, int lockWaitSeconds, InstalledModules modules) {
        this.compression = compression;
        this.lockWaitSeconds = lockWaitSeconds;
        this.modules = modules;
    }

    /**
     * Dumps the database, then reads its installed modules for the manifest at once, from the same container: a
     * container that stopped fails the backup now, not once the filestore is archived. The job's {@code dumped}
     * hears the dump or why there is none (a failure stops the archive beside it).
     */
    public void dump(BackupJob job) throws IOException, InterruptedException {
        job.phaseStarted("dump");
        try {
            Artifact dump = run(job);
            modules.read(job);
            job.getDumped().complete(dump);
            job.phaseEnded("dump");
        } catch (IOException | InterruptedException | RuntimeException e) {
            job.getDumped().completeExceptionally(e);
            throw e;
        }
    }

    private Artifact run(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        // raw deflate: the ZIP entry's own format
        Digesting file = new Digesting(job.getDumpFile(),
                job.getParallelProgress().listener("database"), compression::deflating);
        Map<String, Long> tables = new TreeMap<>();
        DockerExec.Result result;
        // rows are counted as the dump passes: the exact numbers of its snapshot, for restore verification
        try (DumpLines counted = new DumpLines(file) {
            @Override
            protected void tableEnded(String table, long rows) {
                tables.put(table, rows);
            }
        }) {
            // a table locked by someone else (a module upgrade) fails the dump instead of holding it for ever
            result = job.getDbContainer().run(List.of("pg_dump", "--no-password", "--format=plain",
                    "--lock-wait-timeout=" + lockWaitSeconds + "s", "-U", env.dbUser(), "-d", env.dbName()), counted);
        }
        Matcher locked = LOCK_TIMEOUT.matcher(result.stderr());
        if (result.exitCode() != 0 && locked.find()) {
            throw new BackupFailure("pg_dump could not lock table " + locked.group(1) + " within " + lockWaitSeconds
                    + " seconds: another session holds it (a module upgrade?); try again when it is done");
        }
        if (result.containerStopped()) {
            throw BackupFailure.containerStopped(job.getDbContainer(), "pg_dump", result.exitCode());
        }
        if (result.exitCode() != 0) {
            throw new BackupFailure("pg_dump failed " + result.describe());
        }
        Artifact dump = file.artifact(); // once: it ends the digest
        job.getResult().dumped(dump, tables);
        job.getParallelProgress().done("database");
        return dump;
    }
}
