package io.odoobackup.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * One storage location opened for one configuration: the whole seam between this service and where
 * backups live, in the manner of restic's {@code internal/backend}. Keys are relative paths checked by
 * {@link Keys}; every driver maps them below its own base (bucket and prefix, a remote folder, a local
 * folder). Closing a session ends its connections, also from another thread: that is how a stalled
 * transfer is aborted.
 */
public interface Storage extends Closeable {

    /**
     * Stores {@code data} to its end at {@code key}, reading the stream only as fast as the bytes leave; how many
     * there are is known only then (an archive made as it is uploaded). Atomic: until it returns, nothing is
     * visible at the key; when it fails, the source's failure included, nothing it wrote is left behind (a partial
     * file is removed, an unfinished multipart upload aborted).
     */
    void put(String key, InputStream data) throws IOException;

    /** The object's bytes; {@link ObjectMissing} when there is none. */
    InputStream open(String key) throws IOException;

    /**
     * The object's bytes from {@code offset} on (a resumed download). This default reads and drops the bytes
     * before it; a driver whose server can start at an offset says so by overriding it.
     */
    default InputStream open(String key, long offset) throws IOException {
        InputStream in = open(key);
        try {
            in.skipNBytes(offset);
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The object's bytes for a reader that takes all of them as fast as they come (the verification after an
     * upload): a driver whose server serves ranges side by side may fetch several at once. By default {@link #open}.
     */
    default InputStream openWhole(String key) throws IOException {
        return open(key);
    }

    /** The object's size, or empty when there is none. */
    OptionalLong size(String key) throws IOException;

    /**
     * Removes the object and any unfinished upload to its key. True when an object was removed, false when
     * there was none; an object that is still there afterwards (permission denied) is an exception, never false.
     */
    boolean delete(String key) throws IOException;

    /**
     * The keys of every object below {@code prefix} (a folder-like key, without its last slash), in no set order;
     * an empty list when there is nothing there. Leftovers of interrupted transfers and probes are not objects and
     * are not listed. A recovery of the records reads what the storage holds through it.
     */
    List<String> list(String prefix) throws IOException;

    /**
     * Removes what this service left under {@code prefix} before {@code before}: partial files and unfinished
     * uploads of interrupted transfers, and probe objects. Returns how many it removed.
     */
    int clean(String prefix, Instant before) throws IOException;
}
