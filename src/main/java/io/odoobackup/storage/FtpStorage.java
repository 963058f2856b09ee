package io.odoobackup.storage;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * The {@code ftp} family: FTP, explicit FTPS ({@code ftp_use_ssl}) and SFTP. Uploads go through the
 * camel-ftp producer (written under a temporary name, then renamed). Reads and deletes use the
 * component's own clients (commons-net, JSch) directly: the producer cannot read or delete, and a
 * consumer's stream is released when its exchange completes, before an HTTP download is written out.
 * {@code ftp_base_path} is taken from the account's login folder, as camel-ftp does.
 */
public final class FtpStorage {

    private static final int TIMEOUT_MS = 20_000;

    private final SftpHostKeys hostKeys;

    public FtpStorage(SftpHostKeys hostKeys) {
        this.hostKeys = hostKeys;
    }

    /** Prepares the producer: the endpoint as the property {@code ftpUri}, the key as the file name below it. */
    public void prepare(Exchange exchange) throws Exception {
        StorageConfig config = exchange.getProperty("storage", StorageConfig.class);
        exchange.setProperty("ftpUri", producerUri(config));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, exchange.getProperty("storageKey", String.class));
    }

    public InputStream open(Exchange exchange) throws Exception {
        StorageConfig config = exchange.getProperty("storage", StorageConfig.class);
        String path = path(config, exchange.getProperty("storageKey", String.class));
        if (config.provider() == Provider.SFTP) {
            ChannelSftp channel = sftp(config);
            try {
                return new ClosingStream(channel.get(path), () -> channel.getSession().disconnect());
            } catch (SftpException e) {
                channel.getSession().disconnect();
                throw new IOException("Cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        FTPClient client = ftp(config);
        InputStream in = client.retrieveFileStream(path);
        if (in == null) {
            String reply = client.getReplyString().trim();
            client.disconnect();
            throw new IOException("Cannot read " + path + ": " + reply);
        }
        return new ClosingStream(in, () -> {
            client.completePendingCommand();
            client.logout();
            client.disconnect();
        });
    }

    public void delete(Exchange exchange) throws Exception {
        StorageConfig config = exchange.getProperty("storage", StorageConfig.class);
        String path = path(config, exchange.getProperty("storageKey", String.class));
        if (config.provider() == Provider.SFTP) {
            ChannelSftp channel = sftp(config);
            try {
                channel.rm(path);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw new IOException("Cannot delete " + path + ": " + e.getMessage(), e);
                }
            } finally {
                channel.getSession().disconnect();
            }
            return;
        }
        FTPClient client = ftp(config);
        try {
            // 550: already gone, which is what a delete wants
            if (!client.deleteFile(path) && client.getReplyCode() != 550) {
                throw new IOException("Cannot delete " + path + ": " + client.getReplyString().trim());
            }
        } finally {
            client.disconnect();
        }
    }

    String producerUri(StorageConfig config) throws Exception {
        boolean sftp = config.provider() == Provider.SFTP;
        boolean ftps = !sftp && config.flag("ftp_use_ssl", false);
        StringBuilder uri = new StringBuilder(sftp ? "sftp" : ftps ? "ftps" : "ftp").append("://")
                .append(config.setting("ftp_host").orElseThrow()).append(':').append(port(config)).append('/')
                .append(baseDir(config))
                .append("?username=RAW(").append(config.setting("ftp_username").orElseThrow()).append(')')
                .append("&password=RAW(").append(config.secret("ftp_password")).append(')')
                .append("&binary=true&tempPrefix=.partial-&autoCreate=true&disconnect=true")
                .append("&connectTimeout=").append(TIMEOUT_MS).append("&timeout=").append(TIMEOUT_MS);
        if (sftp) {
            uri.append("&strictHostKeyChecking=yes&useUserKnownHostsFile=false&knownHostsFile=")
                    .append(hostKeys.knownHostsFile(config));
        } else {
            uri.append("&soTimeout=").append(TIMEOUT_MS).append("&passiveMode=").append(config.flag("ftp_passive_mode", true));
            if (ftps) {
                uri.append("&implicit=false&execProt=P&execPbsz=0");
            }
        }
        return uri.toString();
    }

    private FTPClient ftp(StorageConfig config) throws IOException {
        FTPClient client = config.flag("ftp_use_ssl", false) ? new FTPSClient(false) : new FTPClient();
        client.setConnectTimeout(TIMEOUT_MS);
        client.setDefaultTimeout(TIMEOUT_MS);
        client.connect(config.setting("ftp_host").orElseThrow(), port(config));
        try {
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw new IOException("The FTP server refused the connection: " + client.getReplyString().trim());
            }
            if (client instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                ftps.execPROT("P");
            }
            if (!client.login(config.setting("ftp_username").orElseThrow(), config.secret("ftp_password"))) {
                throw new IOException("Login failed: " + client.getReplyString().trim());
            }
            client.setFileType(FTP.BINARY_FILE_TYPE);
            if (config.flag("ftp_passive_mode", true)) {
                client.enterLocalPassiveMode();
            }
            client.setSoTimeout(TIMEOUT_MS);
            return client;
        } catch (IOException e) {
            client.disconnect();
            throw e;
        }
    }

    private ChannelSftp sftp(StorageConfig config) throws Exception {
        JSch jsch = new JSch();
        jsch.setKnownHosts(hostKeys.knownHostsFile(config).toString());
        Session session = jsch.getSession(config.setting("ftp_username").orElseThrow(),
                config.setting("ftp_host").orElseThrow(), port(config));
        session.setPassword(config.secret("ftp_password"));
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setTimeout(TIMEOUT_MS);
        try {
            session.connect(TIMEOUT_MS);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(TIMEOUT_MS);
            return channel;
        } catch (JSchException e) {
            session.disconnect();
            throw e;
        }
    }

    static int port(StorageConfig config) {
        return config.setting("ftp_port").map(Integer::parseInt).orElse(config.provider() == Provider.SFTP ? 22 : 21);
    }

    /** The base folder relative to the login folder, "" for the login folder itself. */
    private static String baseDir(StorageConfig config) {
        return config.setting("ftp_base_path").orElse("/").replaceAll("^/+|/+$", "");
    }

    private static String path(StorageConfig config, String key) {
        String base = baseDir(config);
        return base.isEmpty() ? key : base + "/" + key;
    }

    private interface Closer {
        void close() throws Exception;
    }

    /** A remote file's stream that ends its connection when closed. */
    private static final class ClosingStream extends FilterInputStream {

        private final Closer closer;
        private boolean closed;

        ClosingStream(InputStream in, Closer closer) {
            super(in);
            this.closer = closer;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
                closer.close();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
