package io.odoobackup.storage.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.storage.Storage;
import io.odoobackup.storage.TestStreams;
import org.junit.jupiter.api.Test;

/** The storage contract against vsftpd over explicit TLS (AUTH TLS, PROT P). */
class FtpsConformanceIT extends FtpConformanceIT {

    @Override
    protected boolean tls() {
        return true;
    }

    /**
     * Closing a TLS 1.3 data socket with the server's session tickets unread resets it, and vsftpd then failed about
     * one upload in six with "426 Failure reading network stream". Forty uploads, each on a session of its own as a
     * backup's is, all land only when uploads end with
     * close_notify.
     */
    @Test
    void uploadsInARowAllLand() throws Exception {
        for (int i = 0; i < 40; i++) {
            try (Storage storage = driver().open(config())) {
                String key = key("row-" + i + ".zip");
                storage.put(key, TestStreams.pattern(300_000 + i, i));
                assertThat(storage.size(key)).hasValue(300_000 + i);
                assertThat(storage.delete(key)).isTrue();
            }
        }
    }
}
