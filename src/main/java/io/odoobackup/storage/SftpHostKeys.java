package io.odoobackup.storage;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import javax.sql.DataSource;

/**
 * SFTP host-key checking. A configuration's {@code sftp_host_key_fingerprint} (SHA256:..., as
 * {@code ssh-keygen -lf} prints it) must match the server's key; without one, the key seen at the first
 * successful connection is pinned on the configuration, and a changed key is refused from then on.
 * Each configuration gets a known_hosts file under BACKUP_DATA_DIR for camel-ftp and JSch.
 */
public final class SftpHostKeys {

    private static final int TIMEOUT_MS = 20_000;

    private final Path dir;
    private final DataSource dataSource;

    public SftpHostKeys(Path dir, DataSource dataSource) {
        this.dir = dir;
        this.dataSource = dataSource;
    }

    public synchronized Path knownHostsFile(StorageConfig config) throws Exception {
        Path file = dir.resolve(config.id());
        String pinned = config.setting("sftp_host_key_fingerprint").orElse(null);
        if (pinned != null && Files.exists(file) && pinned.equals(fingerprintOfLine(Files.readString(file)))) {
            return file;
        }
        HostKey key = probe(config);
        String seen = fingerprint(Base64.getDecoder().decode(key.getKey()));
        if (pinned != null && !pinned.equals(seen)) {
            throw new IOException("SFTP host key mismatch: the server presents " + seen + " but the configuration pins " + pinned);
        }
        Files.createDirectories(dir);
        String host = config.setting("ftp_host").orElseThrow();
        int port = FtpStorage.port(config);
        String hostField = port == 22 ? host : "[" + host + "]:" + port;
        Files.writeString(file, hostField + " " + key.getType() + " " + key.getKey() + "\n", StandardCharsets.UTF_8);
        if (pinned == null) {
            pin(config.id(), seen);
        }
        return file;
    }

    /** The key the server presents on a connection that also logs in. */
    private static HostKey probe(StorageConfig config) throws Exception {
        Session session = new JSch().getSession(config.setting("ftp_username").orElseThrow(),
                config.setting("ftp_host").orElseThrow(), FtpStorage.port(config));
        session.setPassword(config.secret("ftp_password"));
        session.setConfig("StrictHostKeyChecking", "no"); // the key is checked against the pin right after
        try {
            session.connect(TIMEOUT_MS);
            return session.getHostKey();
        } finally {
            session.disconnect();
        }
    }

    private void pin(String configId, String fingerprint) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE storage_config SET settings = jsonb_set(settings, '{sftp_host_key_fingerprint}', to_jsonb(?::text)),"
                        + " updated_at = now() WHERE id = ?")) {
            ps.setString(1, fingerprint);
            ps.setString(2, configId);
            ps.executeUpdate();
        }
    }

    static String fingerprint(byte[] keyBlob) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    private static String fingerprintOfLine(String knownHostsLine) throws Exception {
        String[] fields = knownHostsLine.trim().split("\\s+");
        return fields.length < 3 ? "" : fingerprint(Base64.getDecoder().decode(fields[2]));
    }
}
