package io.odoobackup.pool;

import java.io.IOException;

/** A pool file that is missing or not the file its backup listed: the backups that list it cannot be read whole. */
public final class PoolFileDamaged extends IOException {

    public PoolFileDamaged(String message) {
        super(message);
    }
}
