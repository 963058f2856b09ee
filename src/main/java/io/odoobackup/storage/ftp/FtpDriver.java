package io.odoobackup.storage.ftp;

import io.odoobackup.security.Names;
import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Field;
import io.odoobackup.storage.Hosts;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.StorageErrors;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * FTP and explicit FTPS ({@code ftp_use_ssl}) through commons-net's client, used directly: camel-ftp takes
 * credentials and paths as endpoint-URI text (where Camel resolves placeholders) and cannot stat or delete.
 * Paths are absolute on the server as its users see them; without {@code ftp_base_path}, the login folder.
 * FTPS checks the certificate's dates, not its issuer (commons-net's default): self-signed certificates work.
 */
public final class FtpDriver implements StorageDriver {

    /** Shared with SFTP, whose configurations use the same field names. */
    public static final Field HOST = Field.text("ftp_host", Hosts.NAME, Hosts.NAME_HINT).asRequired().asDestination();
    public static final Field USERNAME = Field.text("ftp_username", Names.matches("[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,127}"),
            "a user name of letters, digits and '_.@+-'").asRequired().asDestination();
    public static final Field BASE_PATH = Field.text("ftp_base_path", Names.ABSOLUTE_PATH.or("/"::equals),
            "an absolute folder on the server (" + Names.ABSOLUTE_PATH_HINT + ")").asDestination();

    private final Egress egress;
    private final Duration readTimeout;

    public FtpDriver(Egress egress, Duration readTimeout) {
        this.egress = egress;
        this.readTimeout = readTimeout;
    }

    @Override
    public List<String> providers() {
        return List.of("ftp");
    }

    @Override
    public List<Field> fields(String provider) {
        return List.of(HOST, Field.port("ftp_port"), USERNAME, Field.secret("ftp_password"), Field.flag("ftp_use_ssl").asDestination(),
                Field.flag("ftp_passive_mode"), BASE_PATH);
    }

    @Override
    public Optional<RemoteHost> remoteHost(StorageConfig config) {
        return remoteHostOf(config);
    }

    @Override
    public String place(StorageConfig config) {
        return placeOf("ftp", config, 21);
    }

    /** FTP's and SFTP's place: the server and the base folder on it. */
    public static String placeOf(String scheme, StorageConfig config, int defaultPort) {
        return scheme + "://" + config.setting("ftp_host").orElseThrow() + ":" + config.port(defaultPort)
                + config.setting("ftp_base_path").orElse("/");
    }

    /** FTP's and SFTP's host: the field ftp_host. */
    public static Optional<RemoteHost> remoteHostOf(StorageConfig config) {
        return config.setting("ftp_host").map(host -> new RemoteHost("ftp_host", host));
    }

    @Override
    public Storage open(StorageConfig config) {
        return new FtpStorage(config, egress, readTimeout);
    }

    @Override
    public String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("530")) {
                return "login failed: check the username and password (" + t.getMessage().strip() + ")";
            }
        }
        return StorageErrors.describe(failure);
    }
}
