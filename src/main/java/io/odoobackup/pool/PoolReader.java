package io.odoobackup.pool;

import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads an incremental backup's filestore back: the files its filestore.index lists, from the pool of the storage the
 * backup is read from, as the uncompressed tar a full backup's filestore.tar.gz holds. Restores, checks and downloads
 * read both kinds of backup alike through it.
 */
public final class PoolReader {

    private final StorageDrivers storage;
    private final PoolFiles pool;

    public PoolReader(StorageDrivers storage, PoolFiles pool) {
        this.storage = storage;
        this.pool = pool;
    }

    /**
     * The tar of the files {@code index} lists, each read from {@code config}'s pool (encrypted objects when the backup
     * was stored encrypted there) and checked as it passes; {@code modified} is each file's time in the tar.
     */
    public InputStream tar(StorageConfig config, boolean encrypted, InputStream index, Instant modified) {
        return new PoolTar(storage, pool, config, encrypted, index, modified);
    }
}
