package io.odoobackup.storage.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.it.Tools;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageConformance;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.TcpProxy;
import io.odoobackup.storage.TestStreams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storage contract against vsftpd (plain FTP; FtpsConformanceIT runs it again over explicit TLS). */
class FtpConformanceIT extends StorageConformance {

    /** What scripts/infra.sh gives the second account: text Camel would have read as placeholders and options. */
    static final String HOSTILE_PASSWORD = "p{{env:HOME}})&x=RAW(%41#bean:ü";
    static final Path FTP_HOME = Path.of("/srv/odoo-backup-ftp");

    private final FtpDriver driver = new FtpDriver(LOCAL_SERVERS, READ_TIMEOUT);

    protected boolean tls() {
        return false;
    }

    @Override
    protected StorageDriver driver() {
        return driver;
    }

    @Override
    protected StorageConfig config(int port) {
        return ftp(port, Tools.FTP_USER, Tools.FTP_PASSWORD, "/data");
    }

    @Override
    protected StorageConfig wrongCredentials() {
        return ftp(0, Tools.FTP_USER, "{{env:HOME}})&RAW(#bean%41ü-wrong", "/data");
    }

    @Override
    protected int serverPort() {
        return Tools.FTP_PORT;
    }

    @Override
    protected Path serverFile(String key) {
        return FTP_HOME.resolve("data").resolve(key);
    }

    /** Data connections go straight to the server, past the proxy: the account's sessions are killed instead. */
    @Override
    protected void serverDown(TcpProxy proxy) {
        proxy.cut();
        try {
            Tools.run(List.of("pkill", "-KILL", "-u", Tools.FTP_USER, "vsftpd"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the control connection passes the proxy: it freezes at once, so the next reply never comes. */
    @Override
    protected long bytesBeforeStall() {
        return 0;
    }

    private StorageConfig ftp(int port, String user, String password, String base) {
        Map<String, Object> settings = new HashMap<>(Map.of("ftp_host", "127.0.0.1", "ftp_port", port == 0 ? serverPort() : port,
                "ftp_username", user, "ftp_use_ssl", tls(), "ftp_passive_mode", true));
        if (base != null) {
            settings.put("ftp_base_path", base);
        }
        return new StorageConfig("conformance-ftp", "org-conformance", "vsftpd", "ftp", settings, Map.of("ftp_password", password));
    }

    @Override
    protected void removeFolders() throws Exception {
        Tools.ok("rm", "-rf", FTP_HOME.resolve("data").resolve(prefix).toString(), FTP_HOME.resolve("hostile").resolve(prefix).toString());
    }

    @Test
    void aPasswordFullOfPlaceholdersAndUriSyntaxIsSentAsItIs() throws Exception {
        String key = prefix + "/backups/hostile.zip";
        try (Storage storage = driver.open(ftp(0, "obhostile", HOSTILE_PASSWORD, "/hostile"))) {
            storage.put(key, TestStreams.pattern(2000, 11));
            assertThat(FTP_HOME.resolve("hostile").resolve(key)).hasSize(2000);
            assertThat(storage.delete(key)).isTrue();
        }
    }
}
