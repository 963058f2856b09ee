package io.odoobackup.backup;

import io.odoobackup.environment.Container;

/** Ends a backup as failed; its message is what the backup record and the task say, so it holds no secret. */
public class BackupFailure extends RuntimeException {

    public BackupFailure(String message) {
        super(message);
    }

    /** A command failed because its container stopped under it: which container, and what to do. */
    public static BackupFailure containerStopped(Container container, String command, long exitCode) {
        return new BackupFailure("Container " + container.name() + " stopped while " + command + " ran in it (exit " + exitCode
                + "): start it again (docker start " + container.name() + " on Docker host " + container.engine().hostId()
                + "), then back up again");
    }
}
