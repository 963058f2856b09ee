package io.odoobackup.environment;

import io.odoobackup.api.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * At registration and change of an environment: its database answers in its db container as its user, so a
 * wrong db_name or db_user is said now, not at the first backup at night.
 */
public final class DatabaseProbe {

    public void answers(Inspected container, Map<String, Object> record) throws IOException, InterruptedException {
        String name = (String) record.get("db_container");
        if (!Boolean.TRUE.equals(container.response().getState().getRunning())) {
            throw Problem.badRequest("Container " + name + " is not running: start it, then register the environment");
        }
        DockerExec.Result result = container.container(name).run(List.of("psql", "--no-password", "-X", "-A", "-t",
                "-U", (String) record.get("db_user"), "-d", (String) record.get("db_name"), "-c", "SELECT 1"), new ByteArrayOutputStream());
        if (result.exitCode() != 0) {
            throw Problem.badRequest("Database " + record.get("db_name") + " does not answer in container " + name + " as user "
                    + record.get("db_user") + " " + result.describe() + ": check db_name and db_user");
        }
    }
}
