package io.odoobackup.backup;

import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Reads the installed Odoo modules from ir_module_module, for the manifest's environment snapshot. */
public final class InstalledModules {

    private static final String QUERY = "SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name";

    private final DockerExec docker;

    public InstalledModules(DockerExec docker) {
        this.docker = docker;
    }

    public void read(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        ByteArrayOutputStream out = new ByteArrayOutputStream(); // a list of module names, not data
        DockerExec.Result result = docker.run(job.getDbContainer(), List.of("psql", "--no-password", "-X", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-U", env.dbUser(), "-d", env.dbName(), "-c", QUERY), out);
        if (result.exitCode() != 0) {
            throw new BackupFailure("Reading installed modules failed " + result.describe());
        }
        job.setModules(Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
