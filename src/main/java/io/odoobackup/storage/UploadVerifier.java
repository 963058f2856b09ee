package io.odoobackup.storage;

import io.odoobackup.backup.Artifact;
import io.odoobackup.backup.BackupJob;
import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads an uploaded backup back from storage: the stored bytes as they are (their size and SHA-256 go on the
 * record), and their content, decrypted when the object is encrypted, which must be exactly the archive that was
 * uploaded. A byte changed on the way fails the check (or the decryption) instead of leaving a silently wrong backup.
 */
public final class UploadVerifier {

    private final StorageDrivers storage;

    public UploadVerifier(StorageDrivers storage) {
        this.storage = storage;
    }

    public void verify(BackupJob job) throws IOException {
        Artifact archive = job.getArchive();
        MessageDigest stored = sha256();
        MessageDigest content = sha256();
        long[] storedSize = {0};
        long size;
        String key = job.getBackupKey();
        try (InputStream raw = storage.openStored(job.getStorage(), key)) {
            InputStream storedBytes = new DigestInputStream(Metered.input(raw, n -> storedSize[0] = n), stored);
            size = new DigestInputStream(storage.plaintext(job.getStorage(), key, storedBytes), content)
                    .transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            if (!StorageDrivers.encrypted(key)) {
                throw e;
            }
            throw new VerificationFailed("Verification failed: the stored object does not decrypt (" + e.getMessage() + ")");
        }
        if (size != archive.size()) {
            throw new VerificationFailed("Verification failed: size mismatch (uploaded " + archive.size()
                    + " bytes, stored " + size + ")");
        }
        if (!HexFormat.of().formatHex(content.digest()).equals(archive.sha256Hex())) {
            throw new VerificationFailed("Verification failed: checksum mismatch");
        }
        job.setStored(storedSize[0], "sha256:" + HexFormat.of().formatHex(stored.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
