package io.odoobackup.backup;


/** The stored object is not the archive that was uploaded; the upload route retries on it. */
public class VerificationFailed extends BackupFailure {

    public VerificationFailed(String message) {
        super(message);
    }
}
