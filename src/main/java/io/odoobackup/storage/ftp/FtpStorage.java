package io.odoobackup.storage.ftp;

import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Keys;
import io.odoobackup.storage.ObjectMissing;
import io.odoobackup.storage.RemotePaths;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * One FTP(S) control connection, opened on first use. Uploads are written under a partial name and renamed;
 * passive data connections go to the control connection's address whatever the server's PASV reply says, so
 * a server cannot send the service to another host.
 */
final class FtpStorage implements Storage {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final int NOT_AVAILABLE = 550;

    private final StorageConfig config;
    private final Egress egress;
    private final Duration readTimeout;
    private volatile FTPClient client;
    private String base;
    private volatile Closeable transfer;
    private volatile boolean closed;

    FtpStorage(StorageConfig config, Egress egress, Duration readTimeout) {
        this.config = config;
        this.egress = egress;
        this.readTimeout = readTimeout;
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        String path = path(key);
        String partial = path(Keys.partial(key));
        FTPClient ftp = client();
        createFolders(ftp, RemotePaths.parent(path));
        try {
            OutputStream out = ftp.storeFileStream(partial);
            if (out == null) {
                throw new IOException("cannot write " + partial + ": " + reply(ftp));
            }
            transfer = out;
            try (out) {
                data.transferTo(out);
                out.flush();
                if (ftp instanceof TlsFtpClient tls) {
                    tls.endUpload();
                }
            }
            if (!ftp.completePendingCommand()) {
                throw new IOException("the upload of " + partial + " failed: " + reply(ftp));
            }
            if (!ftp.rename(partial, path)) {
                throw new IOException("cannot rename " + partial + " to " + path + ": " + reply(ftp));
            }
        } catch (IOException | RuntimeException e) {
            removePartial(partial, e);
            throw e;
        } finally {
            transfer = null;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String path = path(key);
        FTPClient ftp = client();
        InputStream in = ftp.retrieveFileStream(path);
        if (in == null) {
            if (ftp.getReplyCode() == NOT_AVAILABLE && !exists(ftp, path)) {
                throw new ObjectMissing(key);
            }
            throw new IOException("cannot read " + path + ": " + reply(ftp));
        }
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                ftp.completePendingCommand();
            }
        };
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        FTPClient ftp = client();
        String path = path(key);
        String size = ftp.getSize(path);
        if (size != null) {
            return OptionalLong.of(Long.parseLong(size.strip()));
        }
        if (ftp.getReplyCode() == NOT_AVAILABLE && !exists(ftp, path)) {
            return OptionalLong.empty();
        }
        throw new IOException("cannot look up " + path + ": " + reply(ftp));
    }

    @Override
    public boolean delete(String key) throws IOException {
        FTPClient ftp = client();
        String partial = path(Keys.partial(key));
        if (!ftp.deleteFile(partial) && exists(ftp, partial)) {
            throw new IOException("could not delete " + partial + ": " + reply(ftp));
        }
        String path = path(key);
        if (ftp.deleteFile(path)) {
            return true;
        }
        // 550 means "no such file" as well as "permission denied": only a look tells which
        String refusal = reply(ftp);
        if (exists(ftp, path)) {
            throw new IOException("could not delete " + path + ": " + refusal);
        }
        return false;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        list(client(), path(prefix), prefix, keys);
        return keys;
    }

    private void list(FTPClient ftp, String dir, String prefix, List<String> keys) throws IOException {
        for (FTPFile entry : ftp.listFiles(dir)) {
            String name = RemotePaths.name(entry.getName());
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            if (entry.isDirectory()) {
                list(ftp, dir + "/" + name, prefix + "/" + name, keys);
            } else if (!Keys.isLeftover(name)) {
                keys.add(prefix + "/" + name);
            }
        }
    }

    @Override
    public int clean(String prefix, Instant before) throws IOException {
        return clean(client(), path(prefix), before);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Closeable running = transfer;
        if (running != null) {
            running.close(); // the data connection of a stalled upload
        }
        drop(); // also a connection still being set up: its socket is closed under it
    }

    private int clean(FTPClient ftp, String dir, Instant before) throws IOException {
        FTPFile[] entries = ftp.listFiles(dir);
        int removed = 0;
        for (FTPFile entry : entries) {
            String name = RemotePaths.name(entry.getName());
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String path = dir + "/" + name;
            if (entry.isDirectory()) {
                removed += clean(ftp, path, before);
            } else if (Keys.isLeftover(name) && entry.getTimestampInstant() != null && entry.getTimestampInstant().isBefore(before)
                    && ftp.deleteFile(path)) {
                removed++;
            }
        }
        return removed;
    }

    private FTPClient client() throws IOException {
        if (client != null && client.isConnected()) {
            return client;
        }
        if (closed) {
            throw new IOException("the storage session was closed");
        }
        InetAddress address = egress.resolve(config.setting("ftp_host").orElseThrow())[0];
        FTPClient ftp = config.flag("ftp_use_ssl", false) ? new TlsFtpClient() : new FTPClient();
        client = ftp; // close() can end a connection that hangs while it is being set up
        ftp.setControlEncoding("UTF-8");
        ftp.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        ftp.setDefaultTimeout((int) readTimeout.toMillis());
        ftp.setDataTimeout(readTimeout);
        ftp.setListHiddenFiles(true); // partial files start with a dot
        ftp.setPassiveNatWorkaroundStrategy(host -> address.getHostAddress());
        ftp.connect(address, config.port(21));
        try {
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw new IOException("the FTP server refused the connection: " + reply(ftp));
            }
            if (ftp instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                ftps.execPROT("P");
            }
            if (!ftp.login(config.setting("ftp_username").orElseThrow(), config.secret("ftp_password"))) {
                throw new IOException("login failed: " + reply(ftp));
            }
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            if (config.flag("ftp_passive_mode", true)) {
                ftp.enterLocalPassiveMode();
            }
            ftp.setSoTimeout((int) readTimeout.toMillis());
            base = config.setting("ftp_base_path").orElse(ftp.printWorkingDirectory());
            if (base == null) {
                throw new IOException("the FTP server did not say which folder the login starts in: set ftp_base_path");
            }
        } catch (IOException | RuntimeException e) {
            drop();
            throw e;
        }
        return ftp;
    }

    private String path(String key) throws IOException {
        client();
        return RemotePaths.join(base, key);
    }

    private static void createFolders(FTPClient ftp, String dir) throws IOException {
        if (ftp.changeWorkingDirectory(dir)) {
            return;
        }
        StringBuilder current = new StringBuilder();
        for (String segment : dir.substring(1).split("/")) {
            current.append('/').append(segment);
            if (!ftp.changeWorkingDirectory(current.toString()) && !ftp.makeDirectory(current.toString())) {
                throw new IOException("cannot create the folder " + current + ": " + reply(ftp));
            }
        }
    }

    /**
     * Whether the path names a file. SIZE answers for files; a 550 to it is no proof of absence, so the folder
     * is listed; a folder that cannot be listed leaves the question open, which is an error.
     */
    private static boolean exists(FTPClient ftp, String path) throws IOException {
        if (ftp.getSize(path) != null) {
            return true;
        }
        String[] names = ftp.listNames(RemotePaths.parent(path));
        if (names == null) {
            if (!ftp.changeWorkingDirectory(RemotePaths.parent(path))) {
                return false; // the folder itself is gone
            }
            throw new IOException("cannot tell whether " + path + " exists: " + reply(ftp));
        }
        String name = RemotePaths.name(path);
        return Arrays.stream(names).anyMatch(n -> RemotePaths.name(n).equals(name));
    }

    /**
     * After a failed upload, on a new connection: the old one may still owe the reply to the aborted STOR, which
     * the next command would take for its own. Never after close().
     */
    private void removePartial(String partial, Exception failure) {
        drop();
        try {
            if (!closed) {
                FTPClient ftp = client();
                if (!ftp.deleteFile(partial) && exists(ftp, partial)) {
                    failure.addSuppressed(new IOException("could not delete " + partial + ": " + reply(ftp)));
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e); // deleting the key, or the start-up clean-up, removes it later
        }
    }

    private void drop() {
        try {
            if (client != null) {
                client.disconnect();
            }
        } catch (IOException ignored) {
            // a broken connection is being replaced
        }
        client = null;
    }

    private static String reply(FTPClient ftp) {
        String reply = ftp.getReplyString();
        return reply == null ? "no reply" : reply.strip();
    }
}
