package io.odoobackup.environment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.odoobackup.platform.Stalled;
import io.odoobackup.platform.Stalls;
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
 * component's own docker-java client directly. A command that sends nothing for BACKUP_STALL_SECONDS
 * has its stream closed and fails as stalled.
 */
public final class DockerExec {

    private static final int STDERR_LIMIT = 4096;

    private final CamelContext camel;
    private final Stalls stalls;

    public DockerExec(CamelContext camel, Stalls stalls) {
        this.camel = camel;
        this.stalls = stalls;
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

    public Result run(Container container, List<String> command, OutputStream stdout) throws IOException, InterruptedException {
        DockerClient docker = client();
        String execId = docker.execCreateCmd(container.id())
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false) // a TTY would merge stderr into the data and mangle binary bytes
                .exec().getId();
        StreamCopy copy = new StreamCopy(stdout);
        try (Stalls.Watch watch = stalls.watch("no output from " + command.get(0) + " in container " + container.name(),
                copy::closeQuietly)) {
            copy.watch = watch;
            docker.execStartCmd(execId).exec(copy).awaitCompletion();
            if (watch.stalled()) {
                throw new Stalled(watch.failure());
            }
        }
        copy.rethrow();
        long exitCode = exitCode(docker, execId);
        return new Result(exitCode, copy.stderr(), exitCode >= 126 && stopped(docker, container.id()));
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
        private volatile Stalls.Watch watch;

        StreamCopy(OutputStream stdout) {
            this.stdout = stdout;
        }

        @Override
        public void onNext(Frame frame) {
            if (failure != null) {
                return;
            }
            if (watch != null) {
                watch.touch();
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

        void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // the stream is being abandoned after a failure that is reported instead
            }
        }
    }
}
