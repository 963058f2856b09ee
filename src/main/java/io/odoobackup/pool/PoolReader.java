package io.odoobackup.pool;

import io.odoobackup.storage.ObjectMissing;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import io.odoobackup.storage.StorageFailed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.time.Instant;

/**
 * Reads an incremental backup's filestore back: the files its filestore.index lists, from the pool of the storage the
 * backup is read from, as the uncompressed tar a full backup's filestore.tar.gz holds. Restores, checks and downloads
 * read both kinds of backup alike through it.
 */
public final class PoolReader {

    private final StorageDrivers storage;
    private final PoolFiles pool;
    /** The reads ahead of every pool tar: threads that wait on storage, as many as readers want. */
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "pool-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    public PoolReader(StorageDrivers storage, PoolFiles pool) {
        this.storage = storage;
        this.pool = pool;
    }

    /**
     * The tar of the files {@code index} lists, each read from {@code config}'s pool (encrypted objects when the backup
     * was stored encrypted there) and checked as it passes; {@code modified} is each file's time in the tar.
     */
    public InputStream tar(StorageConfig config, boolean encrypted, InputStream index, Instant modified) {
        return new PoolTar(storage, pool, config, encrypted, index, modified, threads);
    }

    /** What a full check of a backup's pool files found: how many it read, and those missing or damaged. */
    public record Checked(long files, long bytes, List<Map<String, Object>> damaged) {
    }

    /**
     * Reads every file {@code index} lists from {@code config}'s pool and hashes it; one that is missing or not the file
     * listed is recorded as damaged (the next backup that lists it uploads it again) and reported, and the check goes
     * on. A storage that cannot be read fails it.
     */
    public Checked check(StorageConfig config, boolean encrypted, InputStream index) throws IOException, SQLException {
        PoolIndex.Lines lines = new PoolIndex.Lines(index);
        long files = 0;
        long bytes = 0;
        List<Map<String, Object>> damaged = new ArrayList<>();
        for (PoolIndex.Entry entry; (entry = lines.next()) != null; ) {
            String problem = readBack(config, encrypted, entry);
            files++;
            bytes += entry.size();
            if (problem != null) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("path", entry.path());
                file.put("object_key", config.poolKey(entry.sha1(), encrypted));
                file.put("problem", problem);
                damaged.add(file);
            }
        }
        return new Checked(files, bytes, damaged);
    }

    /**
     * Reads one listed file back from the pool and hashes it: why it is not the file listed (it is then recorded as
     * damaged, so that the next backup that lists it uploads it again), or null when it is. A storage that does not
     * answer fails the read; no file is called damaged for that.
     */
    public String readBack(StorageConfig config, boolean encrypted, PoolIndex.Entry entry) throws IOException, SQLException {
        String key = config.poolKey(entry.sha1(), encrypted);
        String problem = problem(config, key, entry);
        if (problem != null) {
            pool.damaged(config, key);
        }
        return problem;
    }

    /** Whether a storage's failure is that the object does not exist (rather than that the storage did not answer). */
    public static boolean missing(StorageFailed e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ObjectMissing) {
                return true;
            }
        }
        return false;
    }

    /** Why a pool object is not the file listed, or null when it is. */
    private String problem(StorageConfig config, String key, PoolIndex.Entry entry) throws IOException {
        MessageDigest sha1 = PoolIndex.sha1();
        long size;
        try (InputStream in = new DigestInputStream(storage.open(config, key), sha1)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        } catch (StorageFailed e) {
            if (missing(e)) {
                return "missing";
            }
            throw e;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage(); // an encrypted object that does not decrypt
        }
        String actual = HexFormat.of().formatHex(sha1.digest());
        return size == entry.size() && actual.equals(entry.sha1()) ? null
                : "not the file backed up (" + size + " bytes, SHA-1 " + actual + ")";
    }
}
