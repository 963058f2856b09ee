package io.odoobackup.backup;

/** Ends a backup as failed; its message is what the backup record and the task say, so it holds no secret. */
public class BackupFailure extends RuntimeException {

    public BackupFailure(String message) {
        super(message);
    }
}
