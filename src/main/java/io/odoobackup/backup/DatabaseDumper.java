package io.odoobackup.backup;

import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Streams a plain-SQL pg_dump out of the environment's database container. The dump is deflated as it
 * streams, side by side with the filestore archive, and goes into the ZIP as it is: checksums and size
 * are those of the plain SQL.
 */
public final class DatabaseDumper {

    /** What pg_dump says when --lock-wait-timeout runs out. */
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("statement timeout.*\\R.*LOCK TABLE (\\S+) IN ACCESS SHARE MODE");

    private final DockerExec docker;
    private final int level;
    private final int lockWaitSeconds;

    public DatabaseDumper(DockerExec docker, int level, int lockWaitSeconds) {
        this.docker = docker;
        this.level = level;
        this.lockWaitSeconds = lockWaitSeconds;
    }

    public void dump(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        Deflater deflater = new Deflater(level, true); // raw deflate: the ZIP entry's own format
        DigestingFile file = new DigestingFile(job.getWorkDir().resolve("dump.sql.deflate"),
                job.getParallelProgress().listener("database"),
                out -> new DeflaterOutputStream(out, deflater, 1 << 16));
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
            result = docker.run(job.getDbContainer(), List.of("pg_dump", "--no-password", "--format=plain",
                    "--lock-wait-timeout=" + lockWaitSeconds + "s", "-U", env.dbUser(), "-d", env.dbName()), counted);
        } finally {
            deflater.end();
        }
        Matcher locked = LOCK_TIMEOUT.matcher(result.stderr());
        if (result.exitCode() != 0 && locked.find()) {
            throw new BackupFailure("pg_dump could not lock table " + locked.group(1) + " within " + lockWaitSeconds
                    + " seconds: another session holds it (a module upgrade?); try again when it is done");
        }
        if (result.exitCode() != 0) {
            throw new BackupFailure("pg_dump failed " + result.describe());
        }
        job.setDump(file.artifact());
        job.getParallelProgress().done("database");
        job.setTables(tables);
    }
}
