package io.odoobackup.environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A container as a backup or restore uses it: by the id inspected and checked, named by its name in messages, on the
 * engine (Docker host) it runs on.
 */
public record Container(String id, String name, DockerExec engine) {

    /** Runs a fixed command in it (no shell); its stdout goes to {@code stdout}. */
    public DockerExec.Result run(List<String> command, OutputStream stdout) throws IOException, InterruptedException {
        return engine.run(this, command, null, stdout);
    }

    /** Runs a fixed command in it with {@code stdin} as its input. */
    public DockerExec.Result run(List<String> command, InputStream stdin, OutputStream stdout) throws IOException, InterruptedException {
        return engine.run(this, command, stdin, stdout);
    }
}
