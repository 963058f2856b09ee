package io.odoobackup.backup;

import io.odoobackup.archive.ZipStream;
import io.odoobackup.platform.Sha256;
import io.odoobackup.storage.SentBytes;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Reads an uploaded backup back from storage, as stored: their size and SHA-256 must be those of the bytes the
 * upload sent (the archive itself, or its ciphertext measured as it left), and they go on the record. A byte changed
 * on the way fails the check instead of leaving a silently wrong backup. An encrypted object is not decrypted here:
 * its ciphertext was made from the archive as it was sent, and restores decrypt and check it again.
 */
public final class UploadVerifier {

    private final StorageDrivers storage;

    public UploadVerifier(StorageDrivers storage) {
        this.storage = storage;
    }

    /** The primary upload: its stored size and checksum go on the record. */
    public void verify(BackupJob job) throws IOException {
        job.phaseStarted("verify");
        SentBytes stored = check(job.getStorage(), job.getBackupKey(), job.getResult().getSent(), job.getResult().getArchive());
        job.getResult().verified(stored);
        job.phaseEnded("verify");
    }

    /** The copy in the second storage, checked the same way. */
    public void verifyCopy(BackupJob job, SentBytes sent) throws IOException {
        job.getResult().copyVerified(check(job.getSecondary(), job.getCopyKey(), sent, job.getResult().getArchive()));
    }

    /** The stored bytes' size and SHA-256, which must be those sent. */
    private SentBytes check(StorageConfig config, String key, SentBytes sent, ZipStream.Written archive) throws IOException {
        String expected = sent.checksum() != null ? sent.checksum() : archive.checksum();
        MessageDigest sha256 = Sha256.digest();
        long size;
        try (InputStream in = new DigestInputStream(storage.readBack(config, key), sha256)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        if (size != sent.size()) {
            throw new VerificationFailed("Verification failed: size mismatch (uploaded " + sent.size() + " bytes, stored " + size + ")");
        }
        String stored = Sha256.checksum(sha256);
        if (!stored.equals(expected)) {
            throw new VerificationFailed("Verification failed: checksum mismatch");
        }
        return new SentBytes(size, stored);
    }
}
