package io.odoobackup.storage.sftp;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.odoobackup.security.Names;
import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Field;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.StorageErrors;
import io.odoobackup.storage.ftp.FtpDriver;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * SFTP through JSch, used directly: its host key is checked during the key exchange, before any credential
 * is sent, which camel-ftp's sftp endpoint cannot do. {@code sftp_host_key_fingerprint} pins the key; without
 * it the key of the first connection that logs in is pinned on the configuration (trust on first use).
 */
public final class SftpDriver implements StorageDriver {

    private final Egress egress;
    private final Duration readTimeout;
    private final BiConsumer<String, String> pin;

    /** {@code pin} records a first-seen fingerprint on a configuration (id, fingerprint). */
    public SftpDriver(Egress egress, Duration readTimeout, BiConsumer<String, String> pin) {
        this.egress = egress;
        this.readTimeout = readTimeout;
        this.pin = pin;
    }

    @Override
    public List<String> providers() {
        return List.of("sftp");
    }

    @Override
    public List<Field> fields(String provider) {
        return List.of(FtpDriver.HOST, Field.port("ftp_port"), FtpDriver.USERNAME, Field.secret("ftp_password"), FtpDriver.BASE_PATH,
                Field.text("sftp_host_key_fingerprint", Names.matches("SHA256:[A-Za-z0-9+/]{43}=?"),
                        "SHA256:<43 base64 characters>, as ssh-keygen -lf prints it").asDestination());
    }

    @Override
    public Optional<RemoteHost> remoteHost(StorageConfig config) {
        return FtpDriver.remoteHostOf(config);
    }

    @Override
    public String place(StorageConfig config) {
        return FtpDriver.placeOf("sftp", config, 22);
    }

    @Override
    public Storage open(StorageConfig config) {
        return new SftpStorage(config, egress, readTimeout, pin);
    }

    /** The server's host key, read during a key exchange that is then broken off: no user name or password is sent. */
    @Override
    public Optional<String> serverIdentity(StorageConfig config) throws IOException {
        InetAddress address = egress.resolve(config.setting("ftp_host").orElseThrow())[0];
        PinnedHostKey refuseAll = new PinnedHostKey("");
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(refuseAll);
        Session ssh = null;
        try {
            ssh = jsch.getSession("host-key-only", address.getHostAddress(), config.port(22));
            ssh.setConfig("StrictHostKeyChecking", "yes");
            ssh.setTimeout((int) readTimeout.toMillis());
            ssh.connect(SftpStorage.CONNECT_TIMEOUT_MS);
        } catch (JSchException expected) {
            if (refuseAll.seen() == null) {
                throw new IOException(expected.getMessage(), expected);
            }
        } finally {
            if (ssh != null) {
                ssh.disconnect();
            }
        }
        return Optional.ofNullable(refuseAll.seen());
    }

    @Override
    public String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JSchException && t.getMessage() != null && t.getMessage().startsWith("Auth")) {
                return "login failed: check the username and password";
            }
            if (t instanceof HostKeyChanged) {
                return t.getMessage();
            }
        }
        return StorageErrors.describe(failure);
    }
}
