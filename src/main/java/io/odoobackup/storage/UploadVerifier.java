package io.odoobackup.storage;

import io.odoobackup.backup.Artifact;
import io.odoobackup.backup.BackupJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads the stored object back and checks it is the archive: same size, same SHA-256. Every provider
 * is checked this way, since S3Proxy and several S3-compatible stores keep no SHA-256 of their own.
 */
public final class UploadVerifier {

    public void verify(InputStream stored, BackupJob job) throws IOException {
        Artifact archive = job.getArchive();
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (InputStream in = new DigestInputStream(stored, sha256)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        if (size != archive.size()) {
            throw new VerificationFailed("Verification failed: size mismatch (uploaded " + archive.size()
                    + " bytes, stored " + size + ")");
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(archive.sha256Hex())) {
            throw new VerificationFailed("Verification failed: checksum mismatch");
        }
    }
}
