package io.odoobackup.backup;

import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.IOException;
import java.util.List;

/** Streams a plain-SQL pg_dump out of the environment's database container into dump.sql. */
public final class DatabaseDumper {

    private final DockerExec docker;

    public DatabaseDumper(DockerExec docker) {
        this.docker = docker;
    }

    public void dump(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        DigestingFile file = new DigestingFile(job.getWorkDir().resolve("dump.sql"));
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
