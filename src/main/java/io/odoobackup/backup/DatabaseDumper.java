package io.odoobackup.backup;

import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.IOException;
import java.util.List;

/** Streams a plain-SQL pg_dump out of the environment's database container into dump.sql. */
public final class DatabaseDumper {

    private final DockerExec docker;
    private final TaskProgress progress;

    public DatabaseDumper(DockerExec docker, TaskProgress progress) {
        this.docker = docker;
        this.progress = progress;
    }

    public void dump(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        long started = System.nanoTime();
        DigestingFile file = new DigestingFile(job.getWorkDir().resolve("dump.sql"),
                bytes -> progress.transfer(job, "database", 10, 50, "Backing up database", bytes, -1, started));
        DockerExec.Result result;
        try (file) {
            result = docker.run(env.dbContainer(),
                    List.of("pg_dump", "--no-password", "--format=plain", "-U", env.dbUser(), "-d", env.dbName()), file);
        }
        if (result.exitCode() != 0) {
            throw new BackupFailure("pg_dump failed " + result.describe());
        }
        job.setDump(file.artifact());
    }
}
