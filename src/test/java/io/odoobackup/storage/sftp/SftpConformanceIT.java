package io.odoobackup.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odoobackup.it.Tools;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageConformance;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The storage contract against OpenSSH's internal-sftp, and its host-key and path rules. */
class SftpConformanceIT extends StorageConformance {

    private static final String HOSTILE_PASSWORD = "p{{env:HOME}})&x=RAW(%41#bean:ü";
    private static final Path FTP_HOME = Path.of("/srv/odoo-backup-ftp");
    private final Map<String, String> pinned = new ConcurrentHashMap<>();
    private final SftpDriver driver = new SftpDriver(LOCAL_SERVERS, READ_TIMEOUT, pinned::put);

    @Override
    protected StorageDriver driver() {
        return driver;
    }

    @Override
    protected StorageConfig config(int port) {
        return sftp(port, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data", serverFingerprint());
    }

    @Override
    protected StorageConfig wrongCredentials() {
        return sftp(0, Tools.FTP_USER, "{{env:HOME}})&RAW(#bean%41ü-wrong", "/data", serverFingerprint());
    }

    @Override
    protected int serverPort() {
        return Tools.SFTP_PORT;
    }

    @Override
    protected Path serverFile(String key) {
        return FTP_HOME.resolve("data").resolve(key);
    }

    @Override
    protected void removeFolders() throws Exception {
        Tools.ok("rm", "-rf", FTP_HOME.resolve("data").resolve(prefix).toString(), FTP_HOME.resolve("hostile").resolve(prefix).toString(),
                FTP_HOME.resolve("srv/odoo-backup-ftp/hostile").resolve(prefix).toString());
    }

    private StorageConfig sftp(int port, String user, String password, String base, String fingerprint) {
        Map<String, Object> settings = new HashMap<>(Map.of("ftp_host", "127.0.0.1", "ftp_port", port == 0 ? serverPort() : port,
                "ftp_username", user));
        if (base != null) {
            settings.put("ftp_base_path", base);
        }
        if (fingerprint != null) {
            settings.put("sftp_host_key_fingerprint", fingerprint);
        }
        return new StorageConfig("conformance-sftp", "org-conformance", "sshd", "sftp", settings, Map.of("ftp_password", password));
    }

    /** The test server's key as ssh-keygen -lf prints it. */
    static String serverFingerprint() {
        try {
            return Tools.ok("ssh-keygen", "-lf", Path.of(".infra/ssh_host_ed25519_key.pub").toAbsolutePath().toString()).split(" ")[1];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutAPinTheFirstKeySeenIsPinned() throws Exception {
        try (Storage storage = driver.open(sftp(0, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data", null))) {
            assertThat(storage.size(prefix + "/backups/nothing.zip")).isEmpty();
        }
        assertThat(pinned).containsExactly(Map.entry("conformance-sftp", serverFingerprint()));
    }

    @Test
    void aChangedHostKeyIsRefusedBeforeAnyPasswordIsSent() throws Exception {
        Path log = Path.of(".infra/sshd.log");
        long before = Files.readAllLines(log).stream().filter(l -> l.contains("password")).count();
        String wrong = "SHA256:" + "A".repeat(43);
        try (Storage storage = driver.open(sftp(0, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data", wrong))) {
            assertThatThrownBy(() -> storage.size(prefix + "/backups/x.zip")).isInstanceOf(HostKeyChanged.class)
                    .hasMessageContaining("host key changed").hasMessageContaining(serverFingerprint()).hasMessageContaining(wrong);
        }
        Thread.sleep(500); // sshd writes its log line as the connection closes
        assertThat(Files.readAllLines(log).stream().filter(l -> l.contains("password")).count())
                .as("password attempts the server saw").isEqualTo(before);
        assertThat(Files.readString(log)).contains("[preauth]");
    }

    @Test
    void aPasswordFullOfPlaceholdersAndUriSyntaxIsSentAsItIs() throws Exception {
        String key = prefix + "/backups/hostile.zip";
        try (Storage storage = driver.open(sftp(0, "obhostile", HOSTILE_PASSWORD, "/hostile", serverFingerprint()))) {
            storage.put(key, TestStreams.pattern(2000, 11));
            assertThat(FTP_HOME.resolve("hostile").resolve(key)).hasSize(2000);
            assertThat(storage.delete(key)).isTrue();
        }
    }

    /** The account's login folder is /srv/odoo-backup-ftp/hostile inside its chroot: an absolute path is not below it. */
    @Test
    void anAbsoluteBasePathIsAbsoluteAndNoBasePathMeansTheLoginFolder() throws Exception {
        String key = prefix + "/backups/where.zip";
        try (Storage storage = driver.open(sftp(0, "obhostile", HOSTILE_PASSWORD, "/hostile", serverFingerprint()))) {
            storage.put(key, TestStreams.pattern(10, 12));
            assertThat(FTP_HOME.resolve("hostile").resolve(key)).exists();
            assertThat(FTP_HOME.resolve("srv/odoo-backup-ftp/hostile/hostile").resolve(key)).doesNotExist();
            assertThat(storage.delete(key)).isTrue();
        }
        try (Storage storage = driver.open(sftp(0, "obhostile", HOSTILE_PASSWORD, null, serverFingerprint()))) {
            storage.put(key, TestStreams.pattern(10, 12));
            assertThat(FTP_HOME.resolve("srv/odoo-backup-ftp/hostile").resolve(key)).exists();
            assertThat(storage.delete(key)).isTrue();
        }
    }
}
