package io.odoobackup.storage.sftp;

import java.io.IOException;

/** The server showed another host key than the pinned one; nothing was sent to it. */
final class HostKeyChanged extends IOException {

    HostKeyChanged(String seen, String pinned) {
        super("host key changed: the server presents " + seen + " but the configuration pins " + pinned
                + "; no credential was sent. If the server's key really changed, set sftp_host_key_fingerprint to the new one");
    }
}
