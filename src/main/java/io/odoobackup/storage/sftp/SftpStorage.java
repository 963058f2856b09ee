package io.odoobackup.storage.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Keys;
import io.odoobackup.storage.ObjectMissing;
import io.odoobackup.storage.RemotePaths;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Vector;
import java.util.function.BiConsumer;

/** One SSH session with its SFTP channel, opened on first use; uploads go under a partial name, then renamed. */
final class SftpStorage implements Storage {

    static final int CONNECT_TIMEOUT_MS = 20_000;

    private final StorageConfig config;
    private final Egress egress;
    private final Duration readTimeout;
    private final BiConsumer<String, String> pin;
    private volatile Session session;
    private ChannelSftp channel;
    private String base;
    private volatile boolean closed;

    SftpStorage(StorageConfig config, Egress egress, Duration readTimeout, BiConsumer<String, String> pin) {
        this.config = config;
        this.egress = egress;
        this.readTimeout = readTimeout;
        this.pin = pin;
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        String path = path(key);
        String partial = path(Keys.partial(key));
        ChannelSftp sftp = channel();
        try {
            createFolders(sftp, RemotePaths.parent(path));
            try (OutputStream out = sftp.put(partial, ChannelSftp.OVERWRITE)) {
                data.transferTo(out);
            }
            rename(sftp, partial, path);
        } catch (SftpException e) {
            IOException failure = new IOException("the upload of " + path + " failed: " + e.getMessage(), e);
            removePartial(partial, failure);
            throw failure;
        } catch (IOException | RuntimeException e) {
            removePartial(partial, e);
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String path = path(key);
        try {
            return channel().get(path);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new ObjectMissing(key);
            }
            throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        SftpATTRS attrs = stat(path(key));
        return attrs == null ? OptionalLong.empty() : OptionalLong.of(attrs.getSize());
    }

    @Override
    public boolean delete(String key) throws IOException {
        ChannelSftp sftp = channel();
        remove(sftp, path(Keys.partial(key)));
        return remove(sftp, path(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String dir = path(prefix);
        List<String> keys = new ArrayList<>();
        if (stat(dir) != null) {
            list(channel(), dir, prefix, keys);
        }
        return keys;
    }

    private void list(ChannelSftp sftp, String dir, String prefix, List<String> keys) throws IOException {
        try {
            Vector<ChannelSftp.LsEntry> entries = sftp.ls(dir);
            for (ChannelSftp.LsEntry entry : entries) {
                String name = entry.getFilename();
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                if (entry.getAttrs().isDir()) {
                    list(sftp, dir + "/" + name, prefix + "/" + name, keys);
                } else if (!Keys.isLeftover(name)) {
                    keys.add(prefix + "/" + name);
                }
            }
        } catch (SftpException e) {
            throw new IOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int clean(String prefix, Instant before) throws IOException {
        String dir = path(prefix);
        return stat(dir) == null ? 0 : clean(channel(), dir, before);
    }

    @Override
    public void close() {
        closed = true;
        Session current = session;
        if (current != null) {
            current.disconnect(); // also ends a transfer in flight
        }
    }

    private int clean(ChannelSftp sftp, String dir, Instant before) throws IOException {
        int removed = 0;
        try {
            Vector<ChannelSftp.LsEntry> entries = sftp.ls(dir);
            for (ChannelSftp.LsEntry entry : entries) {
                String name = entry.getFilename();
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                String path = dir + "/" + name;
                if (entry.getAttrs().isDir()) {
                    removed += clean(sftp, path, before);
                } else if (Keys.isLeftover(name) && Instant.ofEpochSecond(entry.getAttrs().getMTime()).isBefore(before)
                        && remove(sftp, path)) {
                    removed++;
                }
            }
        } catch (SftpException e) {
            throw new IOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private ChannelSftp channel() throws IOException {
        if (channel != null && channel.isConnected()) {
            return channel;
        }
        if (closed) {
            throw new IOException("the storage session was closed");
        }
        InetAddress address = egress.resolve(config.setting("ftp_host").orElseThrow())[0];
        PinnedHostKey hostKey = new PinnedHostKey(config.setting("sftp_host_key_fingerprint").orElse(null));
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(hostKey);
        try {
            Session ssh = jsch.getSession(config.setting("ftp_username").orElseThrow(), address.getHostAddress(), config.port(22));
            session = ssh;
            ssh.setConfig("StrictHostKeyChecking", "yes");
            ssh.setConfig("PreferredAuthentications", "password,keyboard-interactive");
            ssh.setPassword(config.secret("ftp_password"));
            ssh.setTimeout((int) readTimeout.toMillis());
            ssh.connect(CONNECT_TIMEOUT_MS);
            ChannelSftp sftp = (ChannelSftp) ssh.openChannel("sftp");
            sftp.connect(CONNECT_TIMEOUT_MS);
            if (hostKey.pinned() == null) {
                pin.accept(config.id(), hostKey.seen());
            }
            base = config.setting("ftp_base_path").orElse(sftp.getHome());
            channel = sftp;
            return sftp;
        } catch (JSchException | SftpException e) {
            close();
            if (hostKey.refused()) {
                throw new HostKeyChanged(hostKey.seen(), hostKey.pinned());
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private String path(String key) throws IOException {
        channel();
        return RemotePaths.join(base, key);
    }

    private SftpATTRS stat(String path) throws IOException {
        try {
            return channel().stat(path);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw new IOException("cannot look up " + path + ": " + e.getMessage(), e);
        }
    }

    /** True when a file was removed, false when there was none; any other outcome is an error. */
    private static boolean remove(ChannelSftp sftp, String path) throws IOException {
        try {
            sftp.rm(path);
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw new IOException("could not delete " + path + ": " + e.getMessage(), e);
        }
    }

    /** SFTP v3 refuses to rename onto an existing file: a retried upload replaces the earlier one first. */
    private void rename(ChannelSftp sftp, String from, String to) throws SftpException, IOException {
        try {
            sftp.rename(from, to);
        } catch (SftpException e) {
            if (stat(to) == null) {
                throw e;
            }
            sftp.rm(to);
            sftp.rename(from, to);
        }
    }

    private static void createFolders(ChannelSftp sftp, String dir) throws SftpException {
        StringBuilder current = new StringBuilder();
        for (String segment : dir.substring(1).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            current.append('/').append(segment);
            try {
                sftp.stat(current.toString());
            } catch (SftpException missing) {
                if (missing.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw missing;
                }
                sftp.mkdir(current.toString());
            }
        }
    }

    private void removePartial(String partial, Exception failure) {
        try {
            if (!closed) {
                remove(channel(), partial);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e); // deleting the key, or the start-up clean-up, removes it later
        }
    }
}
