package io.odoobackup.backup;

import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what Odoo's own manifest and the environment snapshot tell of a database: its installed modules with
 * their versions, from ir_module_module, and the PostgreSQL server version.
 */
public final class InstalledModules {

    private static final String MODULES =
            "SELECT 'module|' || name || '|' || coalesce(latest_version, '') FROM ir_module_module WHERE state = 'installed' ORDER BY name";
    private static final String SERVER = "SELECT 'pg|' || current_setting('server_version')";


    public InstalledModules() {
    }

    public void read(BackupJob job) throws IOException, InterruptedException {
        Environment env = job.getEnvironment();
        ByteArrayOutputStream out = new ByteArrayOutputStream(); // a list of module names, not data
        DockerExec.Result result = job.getDbContainer().run(List.of("psql", "--no-password", "-X", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-U", env.dbUser(), "-d", env.dbName(), "-c", MODULES, "-c", SERVER), out);
        if (result.containerStopped()) {
            throw BackupFailure.containerStopped(job.getDbContainer(), "psql", result.exitCode());
        }
        if (result.exitCode() != 0) {
            throw new BackupFailure("Reading installed modules failed " + result.describe());
        }
        Map<String, String> modules = new LinkedHashMap<>();
        String server = null;
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.strip().split("\\|", -1);
            if (fields[0].equals("module") && fields.length == 3) {
                modules.put(fields[1], fields[2]);
            } else if (fields[0].equals("pg") && fields.length == 2) {
                server = fields[1];
            }
        }
        job.getResult().databaseFacts(modules, server);
    }
}
