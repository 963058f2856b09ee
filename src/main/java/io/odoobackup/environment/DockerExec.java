package io.odoobackup.environment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.odoobackup.platform.Causes;
import io.odoobackup.platform.Stalled;
import io.odoobackup.platform.Stalls;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * One Docker Engine (a host of the platform): its docker-java client, and the running of a fixed command (separate
 * arguments, no shell) in one of its containers, streaming its stdin and stdout, with its exit code. docker-java's
 * attached streams lose the end of stdin or hang, so the exec is created and inspected with docker-java but its
 * stream is Docker's own protocol on a connection of its own: a Unix socket, TCP, or TCP inside mutual TLS (the
 * hijacked attach inside TLS). A command that moves no byte for BACKUP_STALL_SECONDS has its stream closed and
 * fails as stalled.
 */
public final class DockerExec {

    private static final int STDERR_LIMIT = 4096;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final String hostId;
    private final URI url;
    private final SSLContext tls;
    private final DockerClient client;
    private final Stalls stalls;

    /** {@code tls}: the context with the host's CA and this service's client certificate, or null for a plain engine. */
    public DockerExec(String hostId, URI url, SSLContext tls, DockerClient client, Stalls stalls) {
        this.hostId = hostId;
        this.url = url;
        this.tls = tls;
        this.client = client;
        this.stalls = stalls;
    }

    public record Result(long exitCode, String stderr, boolean containerStopped) {

        /** "(exit N): what the command said on stderr", for a failure message. */
        public String describe() {
            String exit = "(exit " + exitCode + (containerStopped ? ", the container stopped)" : ")");
            return stderr.isEmpty() ? exit : exit + ": " + stderr;
        }
    }

    /** The Docker host's id (docs/api.md, Docker hosts): "default" for this service's own DOCKER_HOST. */
    public String hostId() {
        return hostId;
    }

    public DockerClient client() {
        return client;
    }

    /** The container as the engine shows it, with this engine; null when there is none by that name or id. */
    public Inspected inspect(String container) {
        try {
            return new Inspected(this, client.inspectContainerCmd(container).exec());
        } catch (NotFoundException gone) {
            return null;
        }
    }

    /** Runs the command with {@code stdin} (null: none) as its input; its stdout goes to {@code stdout}. */
    Result run(Container container, List<String> command, InputStream stdin, OutputStream stdout)
            throws IOException, InterruptedException {
        DockerClient docker = client;
        String execId;
        try {
            execId = docker.execCreateCmd(container.id())
                    .withCmd(command.toArray(String[]::new))
                    .withAttachStdin(stdin != null)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withTty(false) // a TTY would merge stderr into the data and mangle binary bytes
                    .exec().getId();
        } catch (ConflictException e) { // Docker's answer for an exec in a stopped container
            throw new ContainerNotRunning(container.name());
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (ExecConnection channel = ExecConnection.open(url, tls, CONNECT_TIMEOUT_MS);
             Stalls.Watch watch = stalls.watch("no output from " + command.get(0) + " in container " + container.name(),
                     channel::close)) {
            start(channel, execId);
            AtomicReference<IOException> sourceFailure = new AtomicReference<>();
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = stdin == null ? null : writer(stdin, channel, watch, sourceFailure, writeFailure);
            try {
                readFrames(new DataInputStream(new BufferedInputStream(channel.input(), 1 << 16)), stdout, stderr, watch);
            } catch (IOException e) {
                if (watch.stalled()) {
                    throw new Stalled(watch.failure());
                }
                if (sourceFailure.get() == null) {
                    throw e;
                }
            } finally {
                if (writer != null) {
                    channel.close(); // the command ended: a writer still blocked gives up
                    writer.join();
                }
            }
            if (watch.stalled()) {
                throw new Stalled(watch.failure());
            }
            if (sourceFailure.get() != null) {
                throw sourceFailure.get(); // the input broke (a checksum, a read): the caller removes what the command made
            }
            long exitCode = exitCode(docker, execId);
            if (exitCode == 0 && writeFailure.get() != null) {
                throw new IOException("The command ended before it took all its input (" + Causes.rootMessage(writeFailure.get())
                        + "): what it made of part of it is not used");
            }
            String errors = stderr.toString(StandardCharsets.UTF_8).strip();
            return new Result(exitCode, errors.length() > STDERR_LIMIT ? errors.substring(0, STDERR_LIMIT) : errors,
                    exitCode != 0 && stopped(docker, container.id()));
        }
    }

    /**
     * Copies stdin to the command, then closes its input. A source that breaks ends the stream at once and the
     * run fails with the source's failure, whatever the command made of the input it got: callers feed commands
     * that write into something new (a database, a folder) and remove it when the run fails.
     */
    private static Thread writer(InputStream stdin, ExecConnection channel, Stalls.Watch watch,
                                 AtomicReference<IOException> sourceFailure, AtomicReference<IOException> writeFailure) {
        Thread writer = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = stdin.read(buffer);
                } catch (IOException | RuntimeException e) {
                    sourceFailure.set(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
                    channel.close();
                    return;
                }
                if (n < 0) {
                    try {
                        channel.endOutput(); // the command sees the end of its input
                    } catch (IOException e) {
                        // every byte was handed over: a command may end as soon as it has read what it needs (tar at
                        // its end-of-archive blocks), before the end of its input reaches it
                    }
                    return;
                }
                try {
                    watch.touch();
                    channel.output().write(buffer, 0, n);
                } catch (IOException e) {
                    writeFailure.set(e);
                    return;
                }
            }
        }, "exec-stdin");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /** POST /exec/{id}/start, upgraded to the raw stream (Docker Engine API "hijacking"). */
    private static void start(ExecConnection channel, String execId) throws IOException {
        String body = "{\"Detach\":false,\"Tty\":false}";
        String request = "POST /exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        channel.output().write(request.getBytes(StandardCharsets.US_ASCII));
        channel.output().flush();
        StringBuilder head = new StringBuilder();
        InputStream in = channel.input();
        while (head.length() < 8192 && !head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Docker closed the connection while starting the command");
            }
            head.append((char) b);
        }
        String status = head.toString().lines().findFirst().orElse("");
        if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
            throw new IOException("Docker refused to start the command: " + status);
        }
    }

    /** Docker's multiplexed frames: [stream, 0, 0, 0, size (4 bytes, big endian)] then the payload. */
    private static void readFrames(DataInputStream frames, OutputStream stdout, ByteArrayOutputStream stderr, Stalls.Watch watch)
            throws IOException {
        byte[] header = new byte[8];
        byte[] payload = new byte[1 << 16];
        while (true) {
            try {
                frames.readFully(header);
            } catch (EOFException end) {
                return;
            }
            watch.touch();
            int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            for (int left = size; left > 0; ) {
                int n = Math.min(left, payload.length);
                frames.readFully(payload, 0, n);
                if (header[0] == STDOUT) {
                    stdout.write(payload, 0, n);
                } else if (header[0] == STDERR && stderr.size() < STDERR_LIMIT) {
                    stderr.write(payload, 0, n);
                }
                left -= n;
            }
        }
    }

    /**
     * A failed command may have failed because its container went away (killed: 137; a database killed under pg_dump:
     * 1): Docker says so a moment later, so this looks for up to a second.
     */
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

}
