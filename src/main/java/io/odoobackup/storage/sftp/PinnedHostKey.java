package io.odoobackup.storage.sftp;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one host key a configuration trusts, consulted by JSch during the key exchange: a different key ends
 * the connection before authentication. Without a pin, whatever key is shown is accepted and remembered, to
 * be pinned once the login succeeds.
 */
final class PinnedHostKey implements HostKeyRepository {

    private final String pinned;
    private volatile String seen;

    PinnedHostKey(String pinned) {
        this.pinned = pinned;
    }

    @Override
    public int check(String host, byte[] key) {
        seen = fingerprint(key);
        return pinned == null || pinned.equals(seen) ? OK : CHANGED;
    }

    /** The fingerprint of the key the server showed, once it showed one. */
    String seen() {
        return seen;
    }

    boolean refused() {
        return pinned != null && seen != null && !pinned.equals(seen);
    }

    String pinned() {
        return pinned;
    }

    /** SHA256:base64, as ssh-keygen -lf prints it. */
    static String fingerprint(byte[] keyBlob) {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(keyBlob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // keys are pinned on the configuration, never in a known_hosts file
    }

    @Override
    public void remove(String host, String type) {
        // nothing is stored here
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // nothing is stored here
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "odoo-backup storage configuration";
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return new HostKey[0];
    }
}
