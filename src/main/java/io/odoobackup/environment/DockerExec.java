package io.odoobackup.environment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.odoobackup.platform.Stalled;
import io.odoobackup.platform.Stalls;
import io.odoobackup.platform.Streams;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.component.docker.DockerClientFactory;
import org.apache.camel.component.docker.DockerComponent;
import org.apache.camel.support.DefaultMessage;

/**
 * Runs a fixed command (separate arguments, no shell) in a container, streaming its stdin and stdout, and
 * reports its exit code. camel-docker's execStart neither captures output nor reports the exit code, and
 * docker-java's attached streams lose the end of stdin (netty) or hang (zerodep), so the exec is created and
 * inspected with docker-java but its stream is Docker's own protocol on a socket of its own. A command that
 * moves no byte for BACKUP_STALL_SECONDS has its stream closed and fails as stalled.
 */
public final class DockerExec {

    private static final int STDERR_LIMIT = 4096;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    private final CamelContext camel;
    private final Stalls stalls;
    private final URI dockerHost;

    public DockerExec(CamelContext camel, Stalls stalls, String dockerHost) {
        this.camel = camel;
        this.stalls = stalls;
        this.dockerHost = URI.create(dockerHost);
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
        return run(container, command, null, stdout);
    }

    /** Runs the command with {@code stdin} (null: none) as its input; its stdout goes to {@code stdout}. */
    public Result run(Container container, List<String> command, InputStream stdin, OutputStream stdout)
            throws IOException, InterruptedException {
        DockerClient docker = client();
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
        try (SocketChannel channel = SocketChannel.open(address());
             Stalls.Watch watch = stalls.watch("no output from " + command.get(0) + " in container " + container.name(),
                     () -> closeQuietly(channel))) {
            start(channel, execId);
            AtomicReference<IOException> sourceFailure = new AtomicReference<>();
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = stdin == null ? null : writer(stdin, channel, watch, sourceFailure, writeFailure);
            try {
                readFrames(new DataInputStream(new BufferedInputStream(new ChannelInput(channel), 1 << 16)), stdout, stderr, watch);
            } catch (IOException e) {
                if (watch.stalled()) {
                    throw new Stalled(watch.failure());
                }
                if (sourceFailure.get() == null) {
                    throw e;
                }
            } finally {
                if (writer != null) {
                    closeQuietly(channel); // the command ended: a writer still blocked gives up
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
                throw new IOException("The command ended before it took all its input: " + writeFailure.get().getMessage());
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
    private static Thread writer(InputStream stdin, SocketChannel channel, Stalls.Watch watch,
                                 AtomicReference<IOException> sourceFailure, AtomicReference<IOException> writeFailure) {
        Thread writer = new Thread(() -> {
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = stdin.read(buffer);
                } catch (IOException | RuntimeException e) {
                    sourceFailure.set(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
                    closeQuietly(channel);
                    return;
                }
                try {
                    if (n < 0) {
                        channel.shutdownOutput(); // the command sees the end of its input
                        return;
                    }
                    watch.touch();
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
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

    private SocketAddress address() {
        return "unix".equals(dockerHost.getScheme()) ? UnixDomainSocketAddress.of(dockerHost.getPath())
                : new InetSocketAddress(dockerHost.getHost(), dockerHost.getPort() > 0 ? dockerHost.getPort() : 2375);
    }

    /** POST /exec/{id}/start, upgraded to the raw stream (Docker Engine API "hijacking"). */
    private static void start(SocketChannel channel, String execId) throws IOException {
        String body = "{\"Detach\":false,\"Tty\":false}";
        String request = "POST /exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (head.length() < 8192 && !head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new EOFException("Docker closed the connection while starting the command");
            }
            head.append((char) one.get(0));
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

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is how a stalled or finished stream is let go
        }
    }

    /**
     * Reads straight from the channel: the streams of java.nio.channels.Channels share one lock, so a read
     * waiting for output would keep the writer of stdin out for ever.
     */
    private static final class ChannelInput extends InputStream {

        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return channel.read(ByteBuffer.wrap(buffer, offset, length));
        }
    }
}
