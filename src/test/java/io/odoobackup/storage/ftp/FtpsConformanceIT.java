package io.odoobackup.storage.ftp;

/** The storage contract against vsftpd over explicit TLS (AUTH TLS, PROT P). */
class FtpsConformanceIT extends FtpConformanceIT {

    @Override
    protected boolean tls() {
        return true;
    }
}
