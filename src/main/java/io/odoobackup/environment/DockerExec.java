package io.odoobackup.environment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.docker.DockerClientFactory;
import org.apache.camel.component.docker.DockerComponent;
import org.apache.camel.support.DefaultMessage;

/**
 * Runs a fixed command (separate arguments, no shell) in a container and streams its stdout.
 * camel-docker's execStart neither captures output nor reports the exit code, so this uses the
 * component's own docker-java client directly.
 */
public final class DockerExec {

    private static final int STDERR_LIMIT = 4096;

    private final CamelContext camel;

    public DockerExec(CamelContext camel) {
        this.camel = camel;
    }

    public record Result(long exitCode, String stderr, boolean containerStopped) {

        /** "(exit N): what the command said on stderr", for a failure message. */
        public String describe() {
            String exit = "(exit " + exitCode + (containerStopped ? ", the container stopped)" : ")");
            return stderr.isEmpty() ? exit : exit + ": " + stderr;
        }
    }

    public DockerClient client() {
        DockerComponent component = camel.getComponent("docker", DockerComponent.class);
        return DockerClientFactory.getDockerClient(component, component.getConfiguration(), new DefaultMessage(camel));
    }

    public Result run(String container, List<String> command, OutputStream stdout) throws IOException, InterruptedException {
        DockerClient docker = client();
        String execId = docker.execCreateCmd(container)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false) // a TTY would merge stderr into the data and mangle binary bytes
                .exec().getId();
        StreamCopy copy = new StreamCopy(stdout);
        docker.execStartCmd(execId).exec(copy).awaitCompletion();
        copy.rethrow();
        long exitCode = exitCode(docker, execId);
        return new Result(exitCode, copy.stderr(), exitCode >= 126 && stopped(docker, container));
    }

    /** Exit codes from 126 up (cannot run, killed) may mean the container went away: Docker says so a moment later. */
    private static boolean stopped(DockerClient docker, String container) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            try {
                if (!Boolean.TRUE.equals(docker.inspectContainerCmd(container).exec().getState().getRunning())) {
                    return true;
                }
            } catch (NotFoundException gone) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static long exitCode(DockerClient docker, String execId) throws InterruptedException {
        // the exec may still be marked running for a moment after its streams closed
        for (int i = 0; i < 100; i++) {
            InspectExecResponse inspect = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("The command in the container reported no exit code");
    }

    private static final class StreamCopy extends ResultCallback.Adapter<Frame> {

        private final OutputStream stdout;
        private final StringBuilder stderr = new StringBuilder();
        private volatile Throwable failure;

        StreamCopy(OutputStream stdout) {
            this.stdout = stdout;
        }

        @Override
        public void onNext(Frame frame) {
            if (failure != null) {
                return;
            }
            try {
                switch (frame.getStreamType()) {
                    case STDOUT, RAW -> stdout.write(frame.getPayload());
                    case STDERR -> {
                        if (stderr.length() < STDERR_LIMIT) {
                            stderr.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                    default -> { }
                }
            } catch (IOException e) {
                failure = e;
                closeQuietly();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (failure == null) {
                failure = throwable;
            }
            closeQuietly();
        }

        void rethrow() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure != null) {
                throw new IOException("Reading the command's output failed: " + failure.getMessage(), failure);
            }
        }

        String stderr() {
            String text = stderr.toString().strip();
            return text.length() > STDERR_LIMIT ? text.substring(0, STDERR_LIMIT) : text;
        }

        private void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // the stream is being abandoned after a failure that is reported instead
            }
        }
    }
}
