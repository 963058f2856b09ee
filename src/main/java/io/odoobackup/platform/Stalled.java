package io.odoobackup.platform;

import java.io.IOException;

/** A transfer or command that moved no byte for BACKUP_STALL_SECONDS and was aborted. */
public class Stalled extends IOException {

    public Stalled(String message) {
        super(message);
    }
}
