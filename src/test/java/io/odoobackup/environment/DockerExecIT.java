package io.odoobackup.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odoobackup.it.Tools;
import io.odoobackup.platform.Stalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command's input on the local Docker Engine: a command that ends once it has read every byte, before the end of its
 * input reaches it (tar at its end-of-archive blocks), has taken all of it; one that ends with bytes left unread has
 * not, whatever its exit code.
 */
class DockerExecIT {

    private static final String NAME = "it-docker-exec";
    private static final String SOCKET = "unix:///var/run/docker.sock";
    private static Container container;

    @BeforeAll
    static void startContainer() throws Exception {
        Tools.run(List.of("docker", "rm", "-f", NAME));
        Tools.ok("docker", "run", "-d", "--name", NAME, "--network", "none", "-v", "/usr:/usr:ro", "-v", "/etc:/etc:ro",
                "odoo-backup-test/odoo:18.0", "/bin/sh", "-c", "trap 'exit 0' TERM; sleep infinity & wait");
        DockerExec engine = new DockerExec("default", URI.create(SOCKET), null, DockerHosts.client(SOCKET),
                new Stalls(Duration.ofSeconds(30)));
        container = new Container(NAME, NAME, engine);
    }

    @AfterAll
    static void removeContainer() throws Exception {
        Tools.run(List.of("docker", "rm", "-f", NAME));
    }

    @Test
    void aCommandThatEndsAfterItsLastByteButBeforeTheEndOfItsInputTookItAll() throws Exception {
        // the ten bytes come at once, their end a second later: head has ended and the connection is gone by then
        InputStream slowEnd = new InputStream() {
            private final InputStream bytes = new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.US_ASCII));

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = bytes.read(buffer, offset, length);
                if (n < 0) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return n;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DockerExec.Result result = container.run(List.of("head", "-c", "10"), slowEnd, out);
        assertThat(result.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("0123456789");
    }

    @Test
    void aCommandThatEndsWithBytesLeftUnreadFailsThoughItsExitCodeIsZero() {
        InputStream plenty = new ByteArrayInputStream(new byte[32 << 20]); // more than every buffer on the way holds
        assertThatThrownBy(() -> container.run(List.of("head", "-c", "10"), plenty, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("The command ended before it took all its input (")
                .hasMessageNotContaining("null");
    }
}
